//! Reads one document from standard input with one reader, on a thread with a stack of the
//! given size, and prints whether it read. The depth tests run it as a child process, so that a
//! stack overflow ends the child and is seen as an answer, not the end of the test run.
//!
//! `stack_probe READER STACK_BYTES < body`, READER one of `value` (`serde_json::Value`, the
//! baseline), `lenient`, `strict`, `serde` (`serde_json::from_slice::<Callback>`),
//! `registration` and `entity`.

use std::io::Read;
use std::process::ExitCode;
use vibes_types::{Callback, CallbackEntity, CallbackRegistration};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [reader, stack] = args.as_slice() else {
        eprintln!("usage: stack_probe READER STACK_BYTES < body");
        return ExitCode::from(2);
    };
    let read: fn(&[u8]) -> bool = match reader.as_str() {
        "value" => |bytes| serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
        "lenient" => |bytes| Callback::from_slice(bytes).is_ok(),
        "strict" => |bytes| Callback::from_slice_strict(bytes).is_ok(),
        "serde" => |bytes| serde_json::from_slice::<Callback>(bytes).is_ok(),
        "registration" => |bytes| CallbackRegistration::from_slice(bytes).is_ok(),
        "entity" => |bytes| CallbackEntity::from_slice(bytes).is_ok(),
        other => {
            eprintln!("stack_probe: unknown reader `{other}`");
            return ExitCode::from(2);
        }
    };
    let Ok(stack) = stack.parse::<usize>() else {
        eprintln!("stack_probe: `{stack}` is not a number of bytes");
        return ExitCode::from(2);
    };
    let mut body = Vec::new();
    if let Err(error) = std::io::stdin().read_to_end(&mut body) {
        eprintln!("stack_probe: {error}");
        return ExitCode::from(2);
    }
    let thread = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || read(&body));
    match thread.map(|thread| thread.join()) {
        Ok(Ok(read)) => {
            println!("{}", if read { "read" } else { "refused" });
            ExitCode::SUCCESS
        }
        _ => ExitCode::FAILURE,
    }
}
