//! Evaluates a small embedded roster with the example policy: lifecycle, eligibility and
//! readiness for each advocate, every failed gate named by its reason code.
//!
//! Run it with `cargo run --example roster`.

use plaudit::{Engine, Policy};

const ROSTER: &str = include_str!("roster.json");
const POLICY: &str = include_str!("policy.toml");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::new(Policy::from_toml(POLICY)?)?;
    let advocates = plaudit::parse_advocates(ROSTER)?;
    let as_of: chrono::NaiveDate = "2026-04-01".parse()?;

    println!(
        "Plaudit {} — policy {}",
        env!("CARGO_PKG_VERSION"),
        engine.fingerprint()
    );
    println!("{} advocates as of {as_of}\n", advocates.len());
    println!(
        "{:<9} {:<10} {:>7} {:>9}  eligibility",
        "id", "lifecycle", "tenure", "readiness"
    );
    let mut eligible = 0;
    for a in &advocates {
        let lifecycle = engine.lifecycle(a, as_of);
        if lifecycle.state == plaudit::LifecycleState::Erased {
            // An erased advocate leaves nothing but the id.
            println!("{:<9} {:<10}", a.id, lifecycle.state);
            continue;
        }
        let e = engine.eligibility(a, as_of);
        let verdict = if e.eligible && !lifecycle.state.excludes() {
            eligible += 1;
            "eligible".to_owned()
        } else {
            let mut codes: Vec<&str> = e.reasons.iter().map(|r| r.as_str()).collect();
            if lifecycle.state.excludes() {
                codes.push(lifecycle.state.as_str());
                codes.sort_unstable();
            }
            codes.join(", ")
        };
        println!(
            "{:<9} {:<10} {:>4} mo {:>9.2}  {}",
            a.id, lifecycle.state, e.tenure_months, e.readiness.score, verdict
        );
    }
    println!("\n{eligible} of {} can be asked.", advocates.len());
    Ok(())
}
