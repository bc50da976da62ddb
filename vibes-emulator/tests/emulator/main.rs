//! vibes-emulator over real HTTP on loopback: one test binary, a module per topic.

mod api;
mod deliveries;
mod helpers;
mod refusals;
mod state;
