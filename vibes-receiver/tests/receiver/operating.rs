//! The README's "Operating the receiver": its alerting rules are YAML that Prometheus can read,
//! each naming metrics that `/metrics` has, and its table of metrics lists every metric
//! `/metrics` documents.

use crate::admin::{scrape, with_admin};
use crate::helpers::{Folder, client, delivery, send};
use axum::http::StatusCode;
use serde::Deserialize;

/// The README, as the alerting rules are read from it.
const README: &str = include_str!("../../README.md");

/// Prometheus' rule file, as much of it as the check reads.
#[derive(Debug, Deserialize)]
struct RuleFile {
    groups: Vec<Group>,
}

#[derive(Debug, Deserialize)]
struct Group {
    name: String,
    rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
struct Rule {
    alert: String,
    expr: String,
    #[serde(rename = "for")]
    hold: String,
    labels: std::collections::BTreeMap<String, String>,
    annotations: std::collections::BTreeMap<String, String>,
}

/// The YAML blocks this test checks.
fn rule_blocks() -> Vec<&'static str> {
    let marker = "<!-- checked by vibes-receiver/tests/receiver/operating.rs -->\n```yaml\n";
    README
        .split(marker)
        .skip(1)
        .map(|rest| rest.split("\n```").next().expect("a closed block"))
        .collect()
}

/// The metric names in a PromQL expression: every word that starts with `vibes_`.
fn metrics_in(expr: &str) -> Vec<&str> {
    expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| word.starts_with("vibes_"))
        .collect()
}

#[tokio::test]
async fn the_readme_alerting_rules_name_metrics_that_exist() {
    let folder = Folder::new();
    let (receiver, admin) = with_admin(&folder);
    let client = client();
    let body = vibes_tests::person_added("E-ops");
    let answer = send(&client, delivery(&receiver.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let scraped = scrape(&client, admin).await;

    let blocks = rule_blocks();
    assert_eq!(blocks.len(), 1, "one block of rules");
    let file: RuleFile = serde_saphyr::from_str(blocks[0]).expect("the rules are YAML");
    let rules: Vec<&Rule> = file.groups.iter().flat_map(|group| &group.rules).collect();
    assert_eq!(file.groups[0].name, "vibes-receiver");
    assert_eq!(rules.len(), 3);
    for rule in rules {
        let named = metrics_in(&rule.expr);
        assert!(!named.is_empty(), "{} names a metric", rule.alert);
        for metric in named {
            assert!(
                scraped.names().contains(metric),
                "{}: {metric} is not a metric of /metrics",
                rule.alert
            );
        }
        assert!(
            rule.hold.ends_with('m'),
            "{}: for {}",
            rule.alert,
            rule.hold
        );
        assert!(rule.labels.contains_key("severity"), "{}", rule.alert);
        assert!(rule.annotations.contains_key("summary"), "{}", rule.alert);
    }
    // The README's table lists every metric /metrics documents.
    let documented = scraped.documented();
    assert!(documented.len() >= 5, "{documented:?}");
    for metric in documented {
        assert!(
            README.contains(&format!("| `{metric}` |")),
            "the README's table of metrics lists {metric}"
        );
    }
    receiver.stop();
}

#[test]
fn metric_names_are_read_from_an_expression() {
    assert_eq!(
        metrics_in("sum(rate(vibes_a_total{outcome=\"x\"}[5m])) > 0.5 * max(vibes_b)"),
        ["vibes_a_total", "vibes_b"]
    );
}
