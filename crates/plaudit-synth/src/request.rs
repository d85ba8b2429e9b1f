//! Requests from sales and marketing: mostly reference calls, made in the days before
//! `as_of`, needed after the kind's lead time, for prospects drawn from the same
//! vocabularies as the advocates (so rankings find candidates).

use plaudit::dates::{date, day};
use plaudit::{ActivityKind, Prospect, Request, Tier};

use crate::SynthConfig;
use crate::account::{account_count, account_id, pick_index};
use crate::person::incentive_for;
use crate::rng::{REQUEST_STREAMS, Rng};
use crate::rules::rules;
use crate::vocab::{
    COUNTRIES, INDUSTRIES, PRODUCTS, REGULATED, REQUEST_KINDS, SEGMENTS, USE_CASES,
};

pub(crate) fn generate(config: &SynthConfig, k: usize) -> Request {
    let mut r = Rng::new(config.seed, REQUEST_STREAMS | (k as u64 & !(3 << 62)));
    let as_of = day(config.as_of);
    let kind = *r.weighted(REQUEST_KINDS);
    let requested_on = as_of - r.between(0, 3);
    let needed_by = requested_on + rules().kind(kind).lead + r.between(2, 45);

    let industry = *r.weighted(INDUSTRIES);
    let country = *r.weighted(COUNTRIES);
    let products = keys(&mut r, PRODUCTS, 3);
    let use_cases = keys(&mut r, USE_CASES, 2);
    let prospect = Prospect {
        account_id: Some(format!("prospect-{:05}", r.below(100_000))),
        industry: industry.to_owned(),
        segment: r.per_mille(900).then(|| *r.weighted(SEGMENTS)),
        country: r.per_mille(900).then(|| country.code.to_owned()),
        products: products.clone(),
        use_cases: use_cases.clone(),
        language: r.per_mille(500).then(|| country.language.to_owned()),
    };
    let accounts = account_count(config.advocates);
    let exclude_accounts = if accounts > 0 && r.per_mille(200) {
        (0..r.between(1, 2))
            .map(|_| {
                account_id(u64::from(
                    r.below(u32::try_from(accounts).unwrap_or(u32::MAX)),
                ))
            })
            .collect()
    } else {
        Vec::new()
    };
    let language_required = prospect.language.is_some() && r.per_mille(250);
    let min_tier = r.per_mille(150).then(|| {
        if r.per_mille(700) {
            Tier::Silver
        } else {
            Tier::Gold
        }
    });
    let incentive = (kind != ActivityKind::Review && r.per_mille(250)).then(|| {
        incentive_for(
            &mut r,
            kind,
            REGULATED.contains(&industry),
            country.currency,
        )
    });
    let notes = r.per_mille(600).then(|| {
        let words =
            |k: Option<&String>, none: &str| k.map_or(none.to_owned(), |k| k.replace('_', " "));
        let product = words(products.first(), "the platform");
        let use_case = words(use_cases.first(), "their rollout");
        let industry = industry.replace('_', " ");
        match r.below(3) {
            0 => format!(
                "Prospect is evaluating {product} for {use_case}; wants a peer in {industry}."
            ),
            1 => format!("Late-stage deal. Champion asked for a customer who did {use_case}."),
            _ => format!("Security review done; a reference on {product} would close it."),
        }
    });
    let deal_value = r
        .per_mille(700)
        .then(|| f64::from(r.between(10, 500) * 1000));
    Request {
        id: format!("request-{k:05}"),
        kind,
        requested_on: date(requested_on),
        needed_by: date(needed_by),
        prospect,
        count: *r.weighted(&[(1, 50), (2, 25), (3, 20), (5, 5)]),
        exclude_accounts,
        language_required,
        min_tier,
        incentive,
        notes,
        deal_value,
    }
}

/// One to `max` distinct keys of a weighted table, in table order.
pub(crate) fn keys(r: &mut Rng, table: &[(&str, u32)], max: u32) -> Vec<String> {
    let n = r.between(1, max.try_into().unwrap_or(1));
    let mut idx: Vec<usize> = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let i = pick_index(r, table);
        if !idx.contains(&i) {
            idx.push(i);
        }
    }
    idx.sort_unstable();
    idx.into_iter()
        .filter_map(|i| table.get(i).map(|(k, _)| (*k).to_owned()))
        .collect()
}
