//! vibes-client over real HTTP on loopback: one test binary, a module per topic.

mod api;
mod deliver;
