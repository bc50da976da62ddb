//! `Store::probe`, the write a receiver's health check tries after a failed one: it succeeds
//! on a store that takes writes, changing nothing, and fails, with the store's error, on one
//! that does not.

use crate::stores::on_each_store;
use vibes_inbox::Store;

#[tokio::test]
async fn a_probe_commits_a_write_that_changes_nothing_and_fails_when_writes_do() {
    on_each_store("probe", async |store| {
        let writer = Store::open(&store.spec).await.unwrap();
        writer.probe().await.unwrap();
        let version = store
            .texts("SELECT CAST(version AS TEXT) FROM inbox_schema")
            .await;
        assert_eq!(version.len(), 1, "the version row is left as it was");
        writer.probe().await.unwrap();
        assert_eq!(
            store
                .texts("SELECT CAST(version AS TEXT) FROM inbox_schema")
                .await,
            version
        );

        store
            .execute("ALTER TABLE inbox_schema RENAME TO inbox_schema_away")
            .await;
        let error = writer.probe().await.unwrap_err().to_string();
        assert!(error.contains("inbox_schema"), "{error}");
        store
            .execute("ALTER TABLE inbox_schema_away RENAME TO inbox_schema")
            .await;
        writer.probe().await.unwrap();
        writer.close().await;
    })
    .await;
}
