//! The receiver over real HTTP: the binary started on 127.0.0.1 with an OS-chosen port and a
//! store of its own, sent real requests, stopped, killed and restarted by the tests, which then
//! read the store's rows and compare their bytes with what was sent.
//!
//! The PostgreSQL tests need a server: `.ci/run` starts one (`.ci/postgres/start.sh`) and
//! gives its URL in `VIBES_TEST_POSTGRES_URL`; without it they say so and pass, unless
//! `VIBES_REQUIRE_POSTGRES=1`.

mod admin;
mod admin_pages;
mod browser;
mod concurrency;
mod crash;
mod findings;
mod fixtures;
mod forward;
mod health;
mod helpers;
mod inbox;
mod limits;
mod operating;
mod postgres;
mod refused;
mod repeats;
mod replay;
mod shutdown;
mod sources;
