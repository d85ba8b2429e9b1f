//! `check`: may this advocate be asked for this kind on this date? (docs/rules.md#eligibility-and-readiness, #fatigue-and-tiers, #rules-beyond-the-seeds)

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{Day, date, day};
use crate::facts::{Facts, Scalars, Ymd};
use crate::lifecycle::LifecycleState;
use crate::reasons::{Reason, ReasonSet};
use crate::records::{ActivityKind, Advocate, ConsentPurpose, Incentive};

/// An ask: a kind on a date, optionally with an incentive and (for testimonials) a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Ask"))]
pub struct Ask {
    /// What is asked for.
    pub kind: ActivityKind,
    /// The date of the activity.
    #[serde(with = "crate::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub date: NaiveDate,
    /// The incentive offered.
    #[serde(default)]
    pub incentive: Option<Incentive>,
    /// The topic (testimonials may not repeat one within a window).
    #[serde(default)]
    pub topic: Option<String>,
}

impl Ask {
    /// Checks the ask's own fields (the incentive's value and currency, the topic's length),
    /// appending problems under `path`.
    pub fn validate_into(&self, path: &str, errors: &mut Vec<crate::FieldError>) {
        if let Some(inc) = &self.incentive {
            inc.validate_into(&crate::records::join(path, "incentive"), errors);
        }
        if let Some(t) = &self.topic {
            let len = t.chars().count();
            if len > crate::records::MAX_KEY_CHARS {
                errors.push(crate::FieldError::new(
                    crate::records::join(path, "topic"),
                    crate::ErrorCode::TooLong,
                    format!(
                        "{len} characters is longer than {}",
                        crate::records::MAX_KEY_CHARS
                    ),
                ));
            }
        }
    }
}

/// Parses an ask from JSON text and checks it, reporting every problem with its path under
/// `root` (`ask.incentive.currency`), as records are.
///
/// ```
/// let err = plaudit::parse_ask(
///     r#"{"kind": "case_study", "date": "2026-03-01", "incentive": {"kind": "cash", "value": -100, "currency": "dollars"}}"#,
///     "ask",
/// )
/// .unwrap_err();
/// let paths: Vec<&str> = err.errors.iter().map(|e| e.path.as_str()).collect();
/// assert_eq!(paths, ["ask.incentive.currency", "ask.incentive.value"]);
/// ```
pub fn parse_ask(json: &str, root: &str) -> Result<Ask, crate::RecordError> {
    let (ask, mut errors) = crate::parse::from_json_str_lenient::<Ask>(json, root);
    let Some(ask) = ask else {
        return Err(crate::RecordError { errors });
    };
    let mut more = Vec::new();
    ask.validate_into(root, &mut more);
    crate::records::merge_errors(&mut errors, more);
    crate::RecordError::from_errors(errors)?;
    Ok(ask)
}

/// The verdict on an ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Check {
    /// No blocking reason.
    pub allowed: bool,
    /// Every blocking reason, in code order.
    pub reasons: ReasonSet,
    /// With `consent_missing`: the purposes missing on the date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_consents: Vec<ConsentPurpose>,
    /// The first date on or after the ask's on which it is allowed, when only reasons that
    /// time lifts block it (the ask's own date when allowed); absent otherwise.
    #[serde(
        default,
        with = "crate::dates::opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub next_available_on: Option<NaiveDate>,
    /// Approvals needed before publishing.
    pub approvals: Vec<String>,
    /// Disclosures to make.
    pub disclosures: ReasonSet,
    /// Warnings that block nothing.
    pub warnings: ReasonSet,
    /// Policy fingerprint.
    pub policy: std::sync::Arc<str>,
}

impl crate::Engine {
    /// Checks one ask (docs/rules.md#eligibility-and-readiness, #fatigue-and-tiers, #rules-beyond-the-seeds): eligibility for the kind (reviews skip the NPS gate),
    /// lifecycle, consent on the ask date, incentives, willingness and public comfort, the
    /// publicity clause, disruptions, the annual cap over every window containing the date,
    /// per-kind caps and gaps, testimonial topics, response fatigue and the soft lock.
    ///
    /// ```
    /// use plaudit::{Advocate, Engine, Reason, check::Ask};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut a = Advocate::new("a", d("2020-01-01"));
    /// a.health_score = 90.0;
    /// a.nps = Some(10);
    /// a.has_measurable_outcome = true;
    /// a.activities = serde_json::from_str(r#"[{"kind": "case_study", "date": "2026-01-10", "status": "completed"}]"#).unwrap();
    /// let ask = Ask { kind: plaudit::ActivityKind::Referral, date: d("2026-03-01"), incentive: None, topic: None };
    /// let c = Engine::default().check(&a, &ask, d("2026-03-01"));
    /// assert!(c.allowed, "{:?}", c.reasons);
    /// assert_eq!(c.next_available_on, Some(d("2026-03-01")));
    /// ```
    pub fn check(&self, advocate: &Advocate, ask: &Ask, as_of: NaiveDate) -> Check {
        self.with_buffers(advocate.activities.len(), |b| {
            self.check_in(advocate, ask, as_of, b)
        })
    }

    fn check_in(
        &self,
        advocate: &Advocate,
        ask: &Ask,
        as_of: NaiveDate,
        b: &mut crate::engine::Buffers,
    ) -> Check {
        let policy = self.policy();
        let a = &b.converted.lite(advocate, self.policy());
        let scratch = &mut b.scratch;
        let today = Today::of(as_of);
        let base = self.base(a, Scalars::of(advocate), &today);
        let mut out = Check {
            allowed: false,
            reasons: ReasonSet::EMPTY,
            missing_consents: Vec::new(),
            next_available_on: None,
            approvals: Vec::new(),
            disclosures: ReasonSet::EMPTY,
            warnings: base.warnings,
            policy: self.fingerprint_arc(),
        };
        if base.erased {
            out.reasons.insert(Reason::Erased);
            return out;
        }
        self.shared(a, today.day, scratch);
        let kind = self.kind_part(
            &base,
            a,
            ask.kind,
            ask.incentive.as_ref(),
            ask.topic.as_deref(),
            scratch,
        );
        let (reasons, next) = self.at(&kind, a, day(ask.date), scratch);
        out.reasons = reasons;
        out.allowed = reasons.is_empty();
        out.next_available_on = next.and_then(crate::dates::next_date);
        out.disclosures = kind.disclosures;
        out.warnings = kind.warnings;
        out.approvals = crate::compliance::approvals(policy, a, ask.kind);
        if reasons.contains(Reason::ConsentMissing) {
            out.missing_consents =
                crate::compliance::missing_consents(policy, a, ask.kind, day(ask.date));
        }
        out
    }

    /// What a check needs that depends on neither the kind nor the date of the ask:
    /// lifecycle, `left_company`, the eligibility gates and the staleness warning.
    pub(crate) fn base(&self, a: &impl Facts, s: Scalars, today: &Today) -> Base {
        let lc = crate::lifecycle::lifecycle(self.policy(), a, &s, today.day).state;
        self.base_in(lc, s, today)
    }

    /// [`Engine::base`] for a lifecycle state already known.
    pub(crate) fn base_in(&self, lc: LifecycleState, s: Scalars, today: &Today) -> Base {
        let policy = self.policy();
        let mut b = Base {
            erased: false,
            blocking: ReasonSet::EMPTY,
            nps: ReasonSet::EMPTY,
            warnings: ReasonSet::EMPTY,
            s,
        };
        match lc {
            LifecycleState::Erased => {
                b.erased = true;
                return b;
            }
            LifecycleState::OptedOut => b.blocking.insert(Reason::OptedOut),
            LifecycleState::Inactive => b.blocking.insert(Reason::Inactive),
            LifecycleState::AtRisk => b.warnings.insert(Reason::AtRisk),
            LifecycleState::Active => {}
        }
        if s.left_company {
            b.blocking.insert(Reason::LeftCompany);
        }
        let (gates, nps) = crate::eligibility::gates(policy, &s, today.ymd, today.day);
        b.blocking = b.blocking.union(gates);
        b.nps = nps;
        if crate::compliance::stale(policy, &s, today.day) {
            b.warnings.insert(Reason::ProfileStale);
        }
        b
    }

    /// The kind-independent capacity intervals of one advocate as of `as_of`, into
    /// `scratch` (see [`Engine::kind_part`]).
    pub(crate) fn shared(&self, a: &impl Facts, as_of: Day, scratch: &mut Scratch) {
        scratch.consent.set(crate::compliance::ConsentMemo::EMPTY);
        crate::capacity::shared(self.policy(), a, as_of, scratch);
    }

    /// What depends on the kind (and incentive and topic) but not on the date: willingness,
    /// incentives, and every interval of days time-lifted rules block, left in `scratch`
    /// as sorted lists ([`Scratch::lists`]). `scratch` must hold [`Engine::shared`]'s work for the same advocate
    /// and `as_of`.
    pub(crate) fn kind_part(
        &self,
        base: &Base,
        a: &impl Facts,
        kind: ActivityKind,
        incentive: Option<&Incentive>,
        topic: Option<&str>,
        scratch: &mut Scratch,
    ) -> KindPart {
        let part = self.kind_reasons(base, a, kind, incentive);
        crate::capacity::blocks(self.policy(), a, &base.s, kind, topic, scratch);
        part
    }

    /// [`Engine::kind_part`] without the capacity intervals: the reasons that block the
    /// kind on every date. None of them is lifted by time, so when there is one, the kind
    /// has no next available date.
    #[inline]
    pub(crate) fn kind_reasons(
        &self,
        base: &Base,
        a: &impl Facts,
        kind: ActivityKind,
        incentive: Option<&Incentive>,
    ) -> KindPart {
        let policy = self.policy();
        let mut reasons = base.blocking;
        let nps_gate =
            !(policy.eligibility.review_sentiment_neutral && kind == ActivityKind::Review);
        if nps_gate {
            reasons = reasons.union(base.nps);
        }
        reasons = reasons.union(crate::compliance::preferences(policy, &base.s, kind));
        let (block, disclosures, warn) = crate::compliance::incentive(policy, a, kind, incentive);
        reasons = reasons.union(block);
        debug_assert!(!reasons.iter().any(Reason::lifted_by_time));
        KindPart {
            kind,
            reasons,
            disclosures,
            warnings: base.warnings.union(warn),
        }
    }

    /// The reasons an ask of `part.kind` on day `d` is blocked, and the first day on or
    /// after `d` it is allowed when only reasons time lifts block it. `scratch` must hold
    /// the lists `kind_part` left there.
    pub(crate) fn at(
        &self,
        part: &KindPart,
        a: &impl Facts,
        d: Day,
        scratch: &Scratch,
    ) -> (ReasonSet, Option<Day>) {
        let policy = self.policy();
        let mut memo = scratch.consent.get();
        let out = Self::at_in(part, d, &scratch.lists(), |d| {
            memo.missing(policy, a, part.kind, d)
        });
        scratch.consent.set(memo);
        out
    }

    /// [`Engine::at`] over blocked intervals (one sorted list or several), with
    /// `consent_missing` answering whether a consent the kind needs is missing on a day.
    pub(crate) fn at_in(
        part: &KindPart,
        d: Day,
        blocks: &[&[crate::capacity::Block]],
        mut consent_missing: impl FnMut(Day) -> bool,
    ) -> (ReasonSet, Option<Day>) {
        let mut reasons = part.reasons;
        if consent_missing(d) {
            reasons.insert(Reason::ConsentMissing);
        }
        crate::capacity::reasons_at(blocks, d, &mut reasons);
        let mut next = None;
        if reasons.is_empty() {
            // No interval holds `d`: it is the first free day.
            next = (d < crate::capacity::FOREVER).then_some(d);
        } else if reasons.all_lifted_by_time() {
            if let Some(n) = crate::capacity::next_free(blocks, d) {
                // Consent is judged on the activity date: it must hold on the new date too.
                if n == d || !consent_missing(n) {
                    next = Some(n);
                }
            }
        }
        (reasons, next)
    }
}

/// The as-of date in the forms the rules use, computed once per call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Today {
    /// The date.
    pub date: NaiveDate,
    /// Its day number.
    pub day: Day,
    /// Its calendar parts.
    pub ymd: Ymd,
}

impl Today {
    pub(crate) fn of(date: NaiveDate) -> Today {
        Today {
            date,
            day: day(date),
            ymd: Ymd::of(date),
        }
    }

    /// The date of day `d`, without the calendar arithmetic when it is today (the usual
    /// next available date).
    #[inline]
    pub(crate) fn date_of(&self, d: Day) -> NaiveDate {
        if d == self.day { self.date } else { date(d) }
    }
}

/// Reusable buffers for checks, so that a loop over a roster allocates nothing per advocate.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Counted days, sorted.
    pub all: Vec<Day>,
    /// Days of the asked kind's completed and scheduled rows.
    pub same: Vec<Day>,
    /// Days of the asked testimonial topic.
    pub topic: Vec<Day>,
    /// Asks for response fatigue: `(day, declined or unanswered)` as one ordered integer.
    pub asks: Vec<i64>,
    /// The annual cap's intervals, sorted (they apply to kinds that count).
    pub cap_blocks: Vec<crate::capacity::Block>,
    /// Response fatigue, soft lock and disruption intervals (every kind), sorted.
    pub shared: Vec<crate::capacity::Block>,
    /// Whether the kind of the last `kind_part` counts toward the annual cap.
    pub counts: bool,
    /// The kind's cap intervals, sorted.
    pub kind_cap: Vec<crate::capacity::Block>,
    /// The kind's minimum-gap intervals, sorted.
    pub gaps: Vec<crate::capacity::Block>,
    /// The testimonial topic's intervals, sorted.
    pub topic_blocks: Vec<crate::capacity::Block>,
    /// Completed and scheduled days grouped by kind, each group sorted
    /// ([`crate::capacity::bucket`]).
    pub by_kind: Vec<Day>,
    /// Where each kind's group starts in `by_kind` (and, at `k + 1`, ends).
    pub kind_at: [u32; ActivityKind::ALL.len() + 1],
    /// The lists merged ([`Scratch::merged`]).
    pub blocks: Vec<crate::capacity::Block>,
    /// The advocate's consent answers so far (reset by [`Engine::shared`]).
    pub consent: std::cell::Cell<crate::compliance::ConsentMemo>,
}

impl Scratch {
    /// The intervals of the kind of the last `kind_part`, as sorted lists.
    #[inline]
    pub(crate) fn lists(&self) -> [&[crate::capacity::Block]; 5] {
        let cap: &[crate::capacity::Block] = if self.counts { &self.cap_blocks } else { &[] };
        [
            cap,
            &self.kind_cap,
            &self.gaps,
            &self.topic_blocks,
            &self.shared,
        ]
    }

    /// [`Scratch::lists`] as one list sorted by start (into `blocks`).
    pub(crate) fn merged(&mut self) -> &[crate::capacity::Block] {
        let mut blocks = std::mem::take(&mut self.blocks);
        blocks.clear();
        for list in self.lists() {
            blocks.extend_from_slice(list);
        }
        blocks.sort_unstable_by_key(|b| b.0);
        self.blocks = blocks;
        &self.blocks
    }
}

/// The kind- and date-independent part of a check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Base {
    /// Erased: nothing else applies.
    pub erased: bool,
    /// Lifecycle exclusions, `left_company`, eligibility gates but the NPS gate.
    pub blocking: ReasonSet,
    /// The NPS gate's reasons (reviews may skip them).
    pub nps: ReasonSet,
    /// `at_risk`, `profile_stale`.
    pub warnings: ReasonSet,
    /// The advocate's scalar facts.
    pub s: Scalars,
}

/// The date-independent part of a check for one kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindPart {
    /// The kind asked.
    pub kind: ActivityKind,
    /// Reasons that hold on every date.
    pub reasons: ReasonSet,
    /// Disclosures.
    pub disclosures: ReasonSet,
    /// Warnings.
    pub warnings: ReasonSet,
}

crate::macros::objects_only!(Ask);
