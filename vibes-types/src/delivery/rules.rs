//! How strictly a delivery is read: the body's reading, and whether headers and body may
//! disagree.

/// The rules a delivery is read by: how the body is read, and what a disagreement between the
/// headers and the body is.
///
/// The default reads the body leniently (what Vibes adds later is kept, never refused) and
/// refuses a delivery whose headers and body disagree.
///
/// ```
/// use vibes_types::delivery::{BodyReading, DeliveryRules, Mismatches};
///
/// let rules = DeliveryRules::default();
/// assert_eq!((rules.body, rules.mismatches), (BodyReading::Lenient, Mismatches::Refuse));
/// let forgiving = DeliveryRules::default().with_mismatches(Mismatches::Warn);
/// assert_eq!(forgiving.mismatches, Mismatches::Warn);
/// assert_eq!(DeliveryRules::strict().body, BodyReading::Strict);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DeliveryRules {
    /// How the body is read.
    pub body: BodyReading,
    /// What a header that disagrees with the body is.
    pub mismatches: Mismatches,
}

/// How a delivery's body is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyReading {
    /// As `Callback::from_slice` reads it: unknown fields, enumeration values and callback types
    /// are kept, and listed among the delivery's warnings.
    #[default]
    Lenient,
    /// As `Callback::from_slice_strict` reads it: a value outside the documented contract, an
    /// unknown callback type included, makes the delivery an error. Vibes treats the 4XX that
    /// follows as a permanent failure, so a receiver in production usually stays lenient.
    Strict,
}

/// What a header that disagrees with the body (event id, callback type, company id) is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mismatches {
    /// An error: the delivery is refused, every mismatch listed.
    #[default]
    Refuse,
    /// A warning: the delivery is read, and each mismatch is among its warnings.
    Warn,
}

impl DeliveryRules {
    /// The default: lenient body, mismatches refused.
    pub const fn lenient() -> Self {
        DeliveryRules {
            body: BodyReading::Lenient,
            mismatches: Mismatches::Refuse,
        }
    }

    /// The documented contract exactly: strict body, mismatches refused.
    pub const fn strict() -> Self {
        DeliveryRules {
            body: BodyReading::Strict,
            mismatches: Mismatches::Refuse,
        }
    }

    /// These rules with the body read as `body` says.
    pub const fn with_body(mut self, body: BodyReading) -> Self {
        self.body = body;
        self
    }

    /// These rules with mismatches treated as `mismatches` says.
    pub const fn with_mismatches(mut self, mismatches: Mismatches) -> Self {
        self.mismatches = mismatches;
        self
    }
}
