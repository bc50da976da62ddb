//! `vibes callbacks test TYPE`: asks Vibes for a test callback of a type.

use super::Format;
use super::print;
use crate::Outcome;
use clap::Args;
use clap::builder::PossibleValuesParser;
use std::io::{self, Write};
use tokio::runtime::Runtime;
use vibes_client::api::Client;
use vibes_types::{CallbackType, TestEventRequest};

/// `vibes callbacks test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The callback type of the test event.
    #[arg(value_name = "TYPE", value_parser = PossibleValuesParser::new(CallbackType::KNOWN))]
    pub callback_type: String,
    /// The subscription list of a subscription test event.
    #[arg(long, value_name = "ID")]
    pub subscription_list: Option<String>,
    /// The acquisition campaign of a test event that has one.
    #[arg(long, value_name = "ID")]
    pub acquisition_campaign: Option<String>,
}

/// Asks for the test event and says what Vibes answered.
pub fn run(
    args: &TestArgs,
    runtime: &Runtime,
    client: &Client,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    let mut request = TestEventRequest::new(CallbackType::from(args.callback_type.as_str()));
    if let Some(list) = &args.subscription_list {
        request = request.with_subscription_list(list);
    }
    if let Some(campaign) = &args.acquisition_campaign {
        request = request.with_acquisition_campaign(campaign);
    }
    match runtime.block_on(client.send_test_event(&request)) {
        Ok(answer) => {
            match format {
                Format::Text => writeln!(
                    out,
                    "test event {} created: {}",
                    answer.event_id, answer.message
                )?,
                Format::Json => print::json_line(&answer, out)?,
            }
            Ok(Outcome::Valid)
        }
        Err(error) => print::failure(&error, format, out, errors),
    }
}
