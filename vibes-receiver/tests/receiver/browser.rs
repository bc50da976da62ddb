//! The inbox page in a real browser: Debian's headless Chromium, driven through chromedriver
//! (WebDriver) by fantoccini, against a receiver that stored the repository's callback fixtures.
//!
//! Without Chromium and chromedriver the test prints one line saying it did not run, and passes;
//! with `VIBES_REQUIRE_BROWSER=1` (as `.ci/run` sets it, after installing them) it fails instead.
//! Screenshots of the list and of one delivery go to the test's temporary folder under
//! `target/` (git ignores it); with `VIBES_UPDATE_SCREENSHOT=1` the list's also replaces
//! `vibes-receiver/docs/inbox-page.png`, the README's picture.

use crate::admin::with_admin;
use crate::admin_pages::{hostile, kill_delivery, state_of};
use crate::helpers::{DEADLINE, Folder, client, delivery, send};
use axum::http::StatusCode;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// Where Debian installs them.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver on a free port of loopback, or says why not: missing, which fails the
/// test under `VIBES_REQUIRE_BROWSER=1` and skips it otherwise.
fn driver() -> Option<Driver> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if !missing.is_empty() {
        let why = format!(
            "the browser test did not run: {} missing (apt-get install chromium chromium-driver)",
            missing.join(" and ")
        );
        assert!(
            std::env::var_os("VIBES_REQUIRE_BROWSER").is_none_or(|value| value != "1"),
            "{why}, and VIBES_REQUIRE_BROWSER=1 requires it"
        );
        println!("{why}");
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(CHROMEDRIVER)
        .args([
            format!("--port={port}"),
            "--allowed-ips=127.0.0.1".to_owned(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    Some(Driver { child, port })
}

/// A headless Chromium session through `driver`.
async fn browser(driver: &Driver) -> Client {
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--no-first-run", "--disable-extensions"],
        },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("an object");
    };
    let url = format!("http://127.0.0.1:{}", driver.port);
    let deadline = Instant::now() + DEADLINE;
    loop {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return client,
            Err(error) => {
                assert!(Instant::now() < deadline, "no browser session: {error}");
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
        }
    }
}

/// Writes a screenshot to the test's folder under `target/`, and returns its path.
fn keep(name: &str, png: &[u8]) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, png).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
    path
}

#[tokio::test]
async fn the_inbox_page_in_chromium_lists_shows_as_text_and_retries() {
    let Some(driver) = driver() else {
        return;
    };
    let folder = Folder::new();
    let (receiver, admin) = with_admin(&folder);
    let http = client();
    let url = receiver.url("/");
    let fixtures = vibes_tests::callback_fixtures();
    for (_, body, _) in &fixtures {
        assert_eq!(
            send(&http, delivery(&url, body)).await.status,
            StatusCode::OK
        );
    }
    let xss = hostile("E-xss");
    assert_eq!(
        send(&http, delivery(&url, &xss)).await.status,
        StatusCode::OK
    );
    let dead = fixtures[0].2.event_id().unwrap().to_owned();
    kill_delivery(
        &folder.store(),
        &dead,
        "https://downstream.example answered 400: not for us",
    );

    let browser = browser(&driver).await;
    let page = format!("http://{admin}");
    let ran = async {
        // The list shows every stored fixture.
        browser.goto(&format!("{page}/")).await?;
        let rows = browser
            .find_all(Locator::Css("#deliveries tbody tr"))
            .await?;
        // Fixtures that share an event id are one delivery; the hostile one is the last.
        let distinct: std::collections::HashSet<_> = fixtures
            .iter()
            .map(|(_, _, callback)| callback.event_id())
            .collect();
        assert_eq!(rows.len(), distinct.len() + 1);
        let table = browser.find(Locator::Css("#deliveries")).await?.text().await?;
        for (path, _, callback) in &fixtures {
            assert!(
                table.contains(callback.event_id().unwrap()),
                "{} is listed",
                path.display()
            );
        }
        let list = keep("inbox-list.png", &browser.screenshot().await?);
        if std::env::var_os("VIBES_UPDATE_SCREENSHOT").is_some_and(|value| value == "1") {
            let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
            std::fs::create_dir_all(&docs).unwrap();
            std::fs::copy(&list, docs.join("inbox-page.png")).unwrap();
        }

        // The hostile delivery: its markup is text on the page, and none of it ran.
        browser
            .goto(&format!("{page}/delivery?event_id=E-xss"))
            .await?;
        let body = browser.find(Locator::Css("#body")).await?.text().await?;
        assert!(body.contains("<script>window.vibesPwned = 1; alert(1)</script>"), "{body}");
        assert!(body.contains("<img src=x onerror=\\\"window.vibesPwned = 2"), "{body}");
        let checked = browser
            .execute(
                "return [typeof window.vibesPwned, document.scripts.length, document.images.length];",
                vec![],
            )
            .await?;
        assert_eq!(checked, json!(["undefined", 0, 0]));
        assert!(
            browser.get_alert_text().await.is_err(),
            "no alert is open"
        );
        keep("inbox-delivery.png", &browser.screenshot().await?);

        // The dead delivery, retried with its button, is pending in the store.
        browser.goto(&format!("{page}/dead")).await?;
        let reason = browser.find(Locator::Css("#dead")).await?.text().await?;
        assert!(reason.contains("not for us"), "{reason}");
        browser
            .find(Locator::Css("#dead form.retry button"))
            .await?
            .click()
            .await?;
        let notice = match browser.wait().for_element(Locator::Css("p.note")).await {
            Ok(notice) => notice.text().await?,
            Err(error) => panic!(
                "{error}: the page after the retry button: {}\n{}\n{}",
                receiver.log_text(),
                browser.current_url().await?,
                browser.source().await?
            ),
        };
        assert_eq!(notice, "Made pending again: a worker will take it when it is due.");
        assert!(
            !receiver.log_text().contains("retry button was refused"),
            "{}",
            receiver.log_text()
        );
        assert_eq!(state_of(&folder.store(), &dead), "pending");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    ran.expect("the browser did what the test asked");
    receiver.stop();
}
