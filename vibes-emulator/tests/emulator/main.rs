//! vibes-emulator over real HTTP on loopback: one test binary, a module per topic.

mod api;
mod client;
mod deliveries;
mod end_to_end;
mod helpers;
mod plan_apply;
mod programs;
mod refusals;
mod state;
