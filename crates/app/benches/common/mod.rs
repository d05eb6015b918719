//! What the app's benchmarks share: the process's memory and CPU time, the machine's load,
//! latency percentiles, and a database with an open public consultation on the demo draft.
//! Each bench uses part of it.
#![allow(dead_code)]

use std::time::Duration;

use yijian_app::{App, Ctx, NewDossier, OpenConsultation};
use yijian_core::ids::{ConsultationId, PersonId, VersionId};
use yijian_core::model::{ConsultationKind, Role};
use yijian_core::time::Instant;

/// The demo draft (the one `yijian-corpus` writes its comments on).
pub const DRAFT: &str = include_str!("../../demo/draft_v1.md");

/// A field of /proc/self/status in MiB (NaN where unavailable).
fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The peak resident memory of this process (VmHWM) since the start or the last
/// [`reset_peak_rss`], in MiB.
pub fn peak_rss_mib() -> f64 {
    status_mib("VmHWM:")
}

/// The resident memory now (VmRSS), in MiB.
pub fn rss_mib() -> f64 {
    status_mib("VmRSS:")
}

/// Start the peak over from what the process holds now — after giving back to the system
/// what was freed, so that the next peak is the next stage's.
pub fn reset_peak_rss() {
    extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: glibc's malloc_trim only releases free heap memory; no pointer is touched.
    unsafe {
        malloc_trim(0);
    }
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

#[repr(C)]
struct Timeval {
    sec: i64,
    usec: i64,
}

/// `struct rusage` of Linux x86_64/aarch64: two timevals then 14 longs.
#[repr(C)]
struct Rusage {
    utime: Timeval,
    stime: Timeval,
    rest: [i64; 14],
}

/// CPU seconds (user + system, every thread) this process has used, from getrusage: under
/// other load on the machine the wall time grows, this does not.
pub fn cpu_seconds() -> f64 {
    extern "C" {
        fn getrusage(who: i32, usage: *mut Rusage) -> i32;
    }
    let mut u = Rusage {
        utime: Timeval { sec: 0, usec: 0 },
        stime: Timeval { sec: 0, usec: 0 },
        rest: [0; 14],
    };
    // SAFETY: RUSAGE_SELF (0) and a pointer to a struct of the kernel's layout, owned here.
    if unsafe { getrusage(0, &mut u) } != 0 {
        return f64::NAN;
    }
    let t = |v: &Timeval| v.sec as f64 + v.usec as f64 / 1e6;
    t(&u.utime) + t(&u.stime)
}

/// The 1-minute load average of the machine (other agents' builds count in it).
pub fn load1() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50, p99 and max of some durations, in ms.
pub fn percentiles(times: &mut [Duration]) -> (f64, f64, f64) {
    times.sort();
    let at = |p: f64| ms(times[((times.len() as f64 * p) as usize).min(times.len() - 1)]);
    (at(0.50), at(0.99), ms(*times.last().unwrap()))
}

/// The people and the consultation of [`world`].
pub struct World {
    pub admin: PersonId,
    pub leader: PersonId,
    /// A member of the drafting group (imports, detects, searches).
    pub member: PersonId,
    pub version: VersionId,
    pub consultation: ConsultationId,
}

/// A database with a dossier, the demo draft released and an open public consultation on it
/// of 30 days from `now`.
pub async fn world(app: &App, now: i64) -> World {
    let t = Instant(now);
    let admin = app.init("管理员", t).await.unwrap();
    let a = Ctx::new(admin, t);
    let dossier = app
        .create_dossier(
            &a,
            &NewDossier {
                title: "关于推进城乡基层治理现代化若干重大问题的决定".into(),
                purpose: String::new(),
                requirements: String::new(),
                topic_decided_on: None,
                leading_body: None,
                drafting_group: None,
            },
        )
        .await
        .unwrap();
    let leader = app.add_person(&a, "组长", None).await.unwrap();
    let member = app.add_person(&a, "成员", None).await.unwrap();
    app.assign_role(&a, Some(dossier), leader, Role::Leader)
        .await
        .unwrap();
    app.assign_role(&a, Some(dossier), member, Role::Member)
        .await
        .unwrap();
    let lead = Ctx::new(leader, t);
    let version = app
        .import_version(
            &lead,
            dossier,
            "征求意见稿",
            "draft_v1.md",
            DRAFT.as_bytes(),
            None,
        )
        .await
        .unwrap();
    app.release_version(&lead, version).await.unwrap();
    let consultation = app
        .open_consultation(
            &lead,
            &OpenConsultation {
                dossier,
                kind: ConsultationKind::Public,
                title: "向社会公开征求意见".into(),
                version: Some(version),
                question: None,
                opens_at: t,
                closes_at: t.plus_days(30),
                scope: vec![],
            },
        )
        .await
        .unwrap();
    World {
        admin,
        leader,
        member,
        version,
        consultation,
    }
}
