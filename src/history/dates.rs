//! Stage 1: the days of the line's commits: when each was written, when it landed on the line,
//! and the day before which it cannot have been made, compared as moments (not as the calendar
//! days of each signer's time zone) and told as days in the zone of the commit's own signer.

use super::Commit;
use jiff::civil::Date;

/// A moment git recorded: seconds since 1970 (UTC), and the UTC offset of whoever signed it,
/// in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub second: i64,
    pub offset: i32,
}

/// The widest UTC offsets in use on Earth (UTC-12:00 to UTC+14:00), in minutes. git records
/// any offset its committer states: a day is told at most this far from UTC, so no stated zone
/// moves a day more than a real one could.
const OFFSETS: std::ops::RangeInclusive<i32> = -12 * 60..=14 * 60;

impl Moment {
    pub fn of(when: git2::Time) -> Moment {
        Moment { second: when.seconds(), offset: when.offset_minutes() }
    }

    /// Its calendar day in the zone it was recorded in.
    pub fn day(self) -> Date {
        let offset = self.offset.clamp(*OFFSETS.start(), *OFFSETS.end());
        jiff::Timestamp::from_second(self.second)
            .ok()
            .and_then(|t| {
                let offset = jiff::tz::Offset::from_seconds(offset * 60).ok()?;
                Some(t.to_zoned(offset.to_time_zone()).date())
            })
            .unwrap_or(Date::constant(1970, 1, 1))
    }

    /// The same moment told in `other`'s zone.
    fn in_zone_of(self, other: Moment) -> Moment {
        Moment { offset: other.offset, ..self }
    }
}

/// When a commit put its texts where it stands: the later of its author's moment (where it was
/// written) and its committer's (where it was made as it stands, which a rebase, a cherry-pick
/// or an amend sets to when they ran).
pub fn landed(author: Moment, committer: Moment) -> Moment {
    if author.second > committer.second { author } else { committer }
}

/// Sets the line's [`Commit::landed`] and [`Commit::not_before`] days (`commits` oldest first).
/// The commits of a line rewritten whole from its first commit on one day keep their author's
/// moments ([`rewritten_whole`]); each commit's not-before moment is the latest landing of it
/// and every commit before it, told as a day in its own signer's zone: an approval made in
/// California fifteen hours after one made in Tokyo, dated a calendar day earlier there, is
/// still the later one, and its day is its approver's.
pub fn date_line(commits: &mut [Commit]) {
    rewritten_whole(commits);
    let mut latest: Option<i64> = None;
    for c in commits {
        c.landed = c.landed_at.day();
        let at = latest.map_or(c.landed_at, |s| Moment { second: s.max(c.landed_at.second), ..c.landed_at });
        latest = Some(at.second);
        c.not_before = at.in_zone_of(c.landed_at).day();
    }
}

/// The line's commits (oldest first) whose landing is their author's after all: those of a line
/// rewritten whole, from its first commit, on one day that none of them was written on (two at
/// least). That day says nothing of when each text came; the commits after them keep the later
/// of their two moments.
fn rewritten_whole(commits: &mut [Commit]) {
    let Some(day) = commits.first().map(|c| c.landed_at.day()) else { return };
    let run = commits.iter().take_while(|c| c.landed_at.day() == day && c.date < day).count();
    if run >= 2 {
        for c in &mut commits[..run] {
            c.landed_at = c.written;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Moment {
        let (stamp, zone) = text.split_at(text.len() - 6);
        let offset = zone[1..3].parse::<i32>().unwrap() * 60 + zone[4..].parse::<i32>().unwrap();
        let offset = if zone.starts_with('-') { -offset } else { offset };
        let local = format!("{stamp}Z").parse::<jiff::Timestamp>().unwrap().as_second();
        Moment { second: local - i64::from(offset) * 60, offset }
    }

    #[test]
    fn a_day_is_the_signers_calendar_day() {
        assert_eq!(at("2025-03-02T01:00:00+09:00").day(), Date::constant(2025, 3, 2));
        assert_eq!(at("2025-03-01T23:30:00-08:00").day(), Date::constant(2025, 3, 1));
    }

    #[test]
    fn an_offset_no_zone_has_tells_the_day_of_the_nearest_zone() {
        let far = Moment { offset: -25 * 60, ..at("2025-03-02T06:00:00+00:00") };
        assert_eq!(far.day(), Date::constant(2025, 3, 1));
        let far = Moment { offset: -99 * 60, ..at("2025-03-02T13:00:00+00:00") };
        assert_eq!(far.day(), Date::constant(2025, 3, 2));
    }
}
