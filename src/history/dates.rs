//! Stage 1: the days of the line's commits: when each was written, when it landed on the line,
//! the day before which it cannot have been made (which grows along the line), and the day it
//! was made as its own signer's calendar tells it, for comparing with the days people write.

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

    /// Whether a calendar tells its day: git takes a commit dated in the year 11476, which is
    /// no day ([`Moment::day`] says 1970-01-01) and moves no other commit's.
    fn told(self) -> bool {
        (jiff::Timestamp::MIN.as_second()..=jiff::Timestamp::MAX.as_second()).contains(&self.second)
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
}

/// When a commit put its texts where it stands: the later of its author's moment (where it was
/// written) and its committer's (where it was made as it stands, which a rebase, a cherry-pick
/// or an amend sets to when they ran).
pub fn landed(author: Moment, committer: Moment) -> Moment {
    if author.second > committer.second { author } else { committer }
}

/// Sets the line's [`Commit::not_before`] and [`Commit::made`] days (`commits` oldest first),
/// after [`rewritten_whole`]. Not before: the latest landed day of the commit and every one
/// before it. Made: for a commit that landed after every one before it, its own landed day, in
/// its signer's calendar: an approval committed in California fifteen hours after one in
/// Tokyo, a calendar day earlier there, was made on its own day, not Tokyo's. For one that
/// states an earlier moment than a commit before it (a date set back, a clock behind), the
/// made day of the commit that landed latest before it: the zone a commit states does not
/// move the day of a moment that is not its own.
pub fn date_line(commits: &mut [Commit]) {
    rewritten_whole(commits);
    let mut not_before: Option<Date> = None;
    let mut latest: Option<(i64, Date)> = None;
    for c in commits {
        not_before = not_before.max(Some(c.landed));
        c.not_before = not_before.unwrap_or(c.landed);
        c.made = match latest {
            _ if !c.landed_at.told() => latest.map_or(c.landed, |(_, made)| made.max(c.landed)),
            Some((second, made)) if second > c.landed_at.second => made.max(c.landed),
            _ => {
                latest = Some((c.landed_at.second, c.landed));
                c.landed
            }
        };
    }
}

/// The line's commits (oldest first) that landed on their author's day after all: those of a
/// line rewritten whole, from its first commit, on one day that none of them was written on
/// (two at least). That day says nothing of when each text came; the commits after them keep
/// the later of their two days.
fn rewritten_whole(commits: &mut [Commit]) {
    let Some(day) = commits.first().map(|c| c.landed) else { return };
    let run = commits.iter().take_while(|c| c.landed == day && c.date < day).count();
    if run >= 2 {
        for c in &mut commits[..run] {
            c.landed = c.date;
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
    fn a_moment_past_the_calendar_tells_no_day() {
        let far = Moment::of(git2::Time::new(300_000_000_000, 0));
        assert!(!far.told());
        assert_eq!(far.day(), Date::constant(1970, 1, 1));
        assert!(at("9999-12-30T00:00:00+00:00").told());
    }

    #[test]
    fn an_offset_no_zone_has_tells_the_day_of_the_nearest_zone() {
        let far = Moment { offset: -25 * 60, ..at("2025-03-02T06:00:00+00:00") };
        assert_eq!(far.day(), Date::constant(2025, 3, 1));
        let far = Moment { offset: -99 * 60, ..at("2025-03-02T13:00:00+00:00") };
        assert_eq!(far.day(), Date::constant(2025, 3, 2));
    }
}
