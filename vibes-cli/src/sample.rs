//! `vibes sample`: prints the sample body of a callback type (the body the emulator delivers as
//! its test event, from `vibes_emulator::samples`), or lists the types and their variants.

pub use vibes_emulator::samples::{SampleError, body, variant_names, variants};
use vibes_types::CallbackType;

/// `vibes sample`: lists the types and variants, or prints the body `args` names.
pub fn print(
    args: &crate::cli::Sample,
    out: &mut impl std::io::Write,
    errors: &mut impl std::io::Write,
) -> std::io::Result<crate::Outcome> {
    if args.list {
        list(out)?;
        return Ok(crate::Outcome::Valid);
    }
    let callback_type = args.callback_type.as_deref().unwrap_or_default();
    match body(callback_type, args.variant.as_deref()) {
        Ok(body) => {
            out.write_all(body.as_bytes())?;
            Ok(crate::Outcome::Valid)
        }
        Err(error) => {
            writeln!(errors, "vibes: {error}")?;
            Ok(crate::Outcome::Trouble)
        }
    }
}

/// Writes the list of callback types, each with its variants, one a line.
pub fn list(out: &mut impl std::io::Write) -> std::io::Result<()> {
    for name in CallbackType::KNOWN {
        writeln!(out, "{name}")?;
        for (variant, about) in variants(name) {
            writeln!(out, "  --variant {variant:<34} {about}")?;
        }
    }
    Ok(())
}
