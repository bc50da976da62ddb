//! The traits behind `vibes_derive::Dispatch`: a union of bodies keyed by an open enumeration.

use super::object::ReadFields;
#[cfg(feature = "schema")]
use schemars::{Schema, SchemaGenerator};
use serde::{Deserializer, de};

/// A value that knows which tag (callback type) it was dispatched on.
pub trait Tagged {
    /// The open enumeration of tags.
    type Tag;

    /// The tag of this value; for a body kept as unknown, the tag it arrived with.
    fn tag(&self) -> &Self::Tag;
}

impl<T: Tagged + ?Sized> Tagged for Box<T> {
    type Tag = T::Tag;

    fn tag(&self) -> &T::Tag {
        (**self).tag()
    }
}

/// The body of one known tag of a union: it knows its tag.
pub trait DispatchBody {
    /// The open enumeration of tags.
    type Tag;

    /// The tag this body is dispatched on.
    const TAG: Self::Tag;
}

/// A union with one variant per known tag, read by looking at the tag first and then reading the
/// body straight into that variant's type (so an error keeps its exact path and position).
pub trait Dispatch: Tagged + Sized {
    /// What every known body can be lent as.
    type Body: ?Sized;

    /// The body of one known tag, read so far.
    type Builder: ReadFields;

    /// An empty builder for the body of `tag`; `None` when the tag is not one this version knows.
    fn builder(tag: &Self::Tag) -> Option<Self::Builder>;

    /// The union's value, once every field of the body has been read.
    fn finish<E: de::Error>(builder: Self::Builder) -> Result<Self, E>;

    /// Reads the body of a known tag; `None` when the tag is not one this version knows.
    fn deserialize_known<'de, D: Deserializer<'de>>(
        tag: &Self::Tag,
        deserializer: D,
    ) -> Option<Result<Self, D::Error>>;

    /// The body, unless it was kept as unknown.
    fn known_body(&self) -> Option<&Self::Body>;

    /// The schema of each known tag's body, in declaration order.
    #[cfg(feature = "schema")]
    fn body_schemas(generator: &mut SchemaGenerator) -> Vec<(Self::Tag, Schema)>;
}
