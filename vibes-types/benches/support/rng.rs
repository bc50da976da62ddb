//! A small seeded generator (SplitMix64) and the shapes of Vibes values drawn from it: the mix
//! must be the same on every run, and needs no `rand` crate for that.

/// SplitMix64: tiny, fast, and good enough to vary test bodies.
pub struct Rng(u64);

impl Rng {
    /// A generator that always draws the same sequence from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high` (the slight modulo bias does not matter here).
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    /// An index below `len`.
    pub fn index(&mut self, len: usize) -> usize {
        (self.next_u64() % len as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// One of `items`, each as likely as its weight.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u64)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, weight)| weight).sum();
        let mut draw = self.next_u64() % total;
        for (item, weight) in items {
            if draw < *weight {
                return item;
            }
            draw -= weight;
        }
        unreachable!("the draw is below the total weight")
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            items.swap(last, self.index(last + 1));
        }
    }

    /// `len` characters drawn from `alphabet`.
    pub fn text(&mut self, len: usize, alphabet: &[u8]) -> String {
        (0..len).map(|_| char::from(*self.pick(alphabet))).collect()
    }

    /// `len` decimal digits, the first not zero (ids that look numeric).
    pub fn digits(&mut self, len: usize) -> String {
        let first = char::from(b'1' + self.range(0, 8) as u8);
        let mut digits = String::from(first);
        digits.push_str(&self.text(len - 1, b"0123456789"));
        digits
    }

    /// `len` lower-case hexadecimal digits.
    pub fn hex(&mut self, len: usize) -> String {
        self.text(len, b"0123456789abcdef")
    }

    /// A version-4-looking UUID, as Vibes writes event ids and person keys.
    pub fn uuid(&mut self) -> String {
        format!(
            "{}-{}-4{}-{}{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.pick(&['8', '9', 'a', 'b']),
            self.hex(3),
            self.hex(12)
        )
    }

    /// An upper-case key like the documentation's `AB234SDFD234` or a company key `bi3bwNRk`.
    pub fn key(&mut self, len: usize) -> String {
        self.text(len, b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
    }

    /// A phone number: E.164 (API version 2) mostly, else without country code (version 1).
    pub fn mdn(&mut self) -> String {
        let number = format!("{}{}", self.range(2, 9), self.text(9, b"0123456789"));
        if self.chance(80) {
            format!("+1{number}")
        } else {
            number
        }
    }

    /// A timestamp in one of the six shapes seen in real bodies.
    pub fn timestamp(&mut self) -> String {
        let date = format!(
            "{}-{:02}-{:02}T{:02}:{:02}",
            self.range(2016, 2025),
            self.range(1, 12),
            self.range(1, 28),
            self.range(0, 23),
            self.range(0, 59)
        );
        let seconds = self.range(0, 59);
        let millis = self.range(0, 999);
        let offsets: [(i32, i32); 6] = [(0, 0), (1, 0), (-5, 0), (-7, 0), (5, 30), (9, 0)];
        let (hours, minutes) = *self.pick(&offsets);
        let sign = if hours < 0 { '-' } else { '+' };
        let hours = hours.abs();
        match self.range(0, 5) {
            0 => format!("{date}Z"),
            1 => format!("{date}:{seconds:02}Z"),
            2 => format!("{date}:{seconds:02}.{millis:03}Z"),
            3 => format!("{date}:{seconds:02}{sign}{hours:02}:{minutes:02}"),
            4 => format!("{date}:{seconds:02}{sign}{hours:02}{minutes:02}"),
            _ => format!("{date}:{seconds:02}.{millis:03}{sign}{hours:02}:{minutes:02}"),
        }
    }
}
