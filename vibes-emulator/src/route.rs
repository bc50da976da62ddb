//! Which operation a request asks for, by its path and method.
//!
//! The paths are not written here: a request's path is compared, segment by decoded segment,
//! with the path `vibes_types::api::Operation` builds for the same company key and id, so the
//! emulator serves exactly the paths the client calls. One trailing slash is accepted (the
//! documentation writes `POST /companies/:company_key/config/callbacks/`).

use http::Method;
use percent_encoding::percent_decode_str;
use vibes_types::api::Operation;

/// A resource of the API, named by a request's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The company key, decoded.
    pub company: String,
    /// The operations served at that path: one of them has the request's method.
    pub operations: Vec<Operation>,
}

/// What a path and method ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// An operation of the API, for a company.
    Operation {
        company: String,
        operation: Operation,
    },
    /// A path of the API with another method: the methods it has.
    WrongMethod(Vec<Method>),
    /// No path of the API.
    Unknown,
}

/// Resolves `method` and `path` (the request's path, still escaped).
pub fn resolve(method: &Method, path: &str) -> Resolved {
    let Some(route) = route(path) else {
        return Resolved::Unknown;
    };
    match route
        .operations
        .iter()
        .find(|operation| operation.method() == method)
    {
        Some(operation) => Resolved::Operation {
            company: route.company,
            operation: operation.clone(),
        },
        None => Resolved::WrongMethod(route.operations.iter().map(Operation::method).collect()),
    }
}

/// The resource `path` names, if it is one of the API's.
pub fn route(path: &str) -> Option<Route> {
    let segments = decoded(path)?;
    // The company key is the second segment of every path of the API, the id the last.
    let company = segments.get(1)?.clone();
    let last = segments.last()?.clone();
    let families = [
        vec![Operation::List, Operation::Create],
        vec![Operation::SendTestEvent],
        vec![
            Operation::Get(last.clone()),
            Operation::Update(last.clone()),
            Operation::Delete(last),
        ],
    ];
    families.into_iter().find_map(|operations| {
        let built = operations.first()?.path(&company).ok()?;
        (decoded(&built)? == segments).then(|| Route {
            company: company.clone(),
            operations,
        })
    })
}

/// The segments of `path`, each percent-decoded, without the empty one a trailing slash makes;
/// `None` when a segment is not UTF-8 once decoded.
fn decoded(path: &str) -> Option<Vec<String>> {
    let path = path.strip_prefix('/')?;
    let path = path.strip_suffix('/').unwrap_or(path);
    path.split('/')
        .map(|segment| {
            percent_decode_str(segment)
                .decode_utf8()
                .ok()
                .map(|text| text.into_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(method: Method, path: &str) -> Option<(String, Operation)> {
        match resolve(&method, path) {
            Resolved::Operation { company, operation } => Some((company, operation)),
            _ => None,
        }
    }

    #[test]
    fn every_operation_is_found_at_the_path_vibes_types_builds() {
        for expected in [
            Operation::List,
            Operation::Create,
            Operation::Get("Hzh39LP3".to_owned()),
            Operation::Update("a/b c".to_owned()),
            Operation::Delete("Hzh39LP3".to_owned()),
            Operation::SendTestEvent,
        ] {
            let path = expected.path("acme co").unwrap();
            assert_eq!(
                operation(expected.method(), &path),
                Some(("acme co".to_owned(), expected.clone())),
                "{path}"
            );
        }
    }

    #[test]
    fn a_trailing_slash_and_other_escapes_are_accepted() {
        let path = format!("{}/", Operation::Create.path("acme").unwrap());
        assert_eq!(
            operation(Method::POST, &path),
            Some(("acme".to_owned(), Operation::Create))
        );
        // `-` escaped needlessly is the same segment.
        let path = Operation::Get("a-b".to_owned())
            .path("acme")
            .unwrap()
            .replace('-', "%2D");
        assert_eq!(
            operation(Method::GET, &path),
            Some(("acme".to_owned(), Operation::Get("a-b".to_owned())))
        );
    }

    #[test]
    fn other_paths_and_methods_are_told_apart() {
        assert_eq!(resolve(&Method::GET, "/"), Resolved::Unknown);
        assert_eq!(resolve(&Method::GET, "/companies"), Resolved::Unknown);
        let list = Operation::List.path("acme").unwrap();
        assert_eq!(
            resolve(&Method::GET, &format!("{list}/a/b")),
            Resolved::Unknown
        );
        assert_eq!(
            resolve(&Method::DELETE, &list),
            Resolved::WrongMethod(vec![Method::GET, Method::POST])
        );
        let test = Operation::SendTestEvent.path("acme").unwrap();
        assert_eq!(
            resolve(&Method::GET, &test),
            Resolved::WrongMethod(vec![Method::POST])
        );
        assert_eq!(
            resolve(&Method::GET, "/companies/%ff/config/callbacks"),
            Resolved::Unknown
        );
    }
}
