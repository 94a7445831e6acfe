//! Saving one intake: `Store::register` on a real file (WAL, `synchronous = FULL`), each
//! call its own committed transaction with its fsync, as the F2 form's Ctrl-S does.
//! Budget: ≤ 5 ms median.
//!
//! Two measurements per database size:
//! - `intake/register/{desk}-{size}` (criterion): the mean time per save;
//! - a latency line printed first: `LATENCY_SAVES` saves timed one by one, with their
//!   median, 90th and 99th percentiles and maximum (the budget is on the median of single
//!   saves, which criterion's per-sample means only approximate).
//!
//! The writes go to a private copy of each cached database under
//! `target/bench-data/scratch/`, synced to disk first and removed afterwards. Each saved case
//! is received seven minutes after the previous one, so a day never holds more than about
//! two hundred (a busy reception day) and the day's numbering stays realistic.
//!
//! What the screen does after a save is measured apart, on the same copy: a latency line
//! for a day's 200 intakes (`intake/apply/...`: the answer of each save taken into the app,
//! the new case put in its places and the counts updated), and two criterion rows,
//! `intake/after_save/apply/{desk}-{size}` (a note recorded on a case of today's queue, its answer
//! applied: the same work with a queue that does not grow) and
//! `intake/after_save/reload/{desk}-{size}` (the full read that followed every save before: a
//! fresh snapshot with cached reference data).
//!
//! Each on the station desk `HF` and the home `XA`; `LIAISON_BENCH_DESKS=HF` and
//! `LIAISON_BENCH_SIZES=10000,100000` limit the files.

mod common;

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use liaison::clock::Clock;
use liaison::domain::event::EventBody;
use liaison::i18n::{Lang, Texts};
use liaison::store::{NewCase, Store};
use liaison::tui::action::Action;
use liaison::tui::effect::{Effect, Purpose, Runner};

/// How many saves are timed one by one for the percentiles.
const LATENCY_SAVES: usize = 500;

/// A few realistic intakes, cycled.
const INTAKES: &[(&str, &str, &str, &str)] = &[
    (
        "小区路灯坏了三个月，晚上出门不安全，希望尽快修好。",
        "王小红",
        "13812345678",
        "和风雅苑3幢201室",
    ),
    (
        "楼道堆放杂物存在消防隐患，希望物业清理。",
        "李建华",
        "13900001111",
        "新安花园12幢502室",
    ),
    (
        "老旧小区改造能否加装电梯？楼里老人多，上下楼很困难。",
        "张秀兰",
        "",
        "",
    ),
    (
        "在厂里干了两年，老板拖欠三个月工资不给，怎么办？",
        "",
        "137-0000-2222",
        "园区宿舍B栋",
    ),
];

/// Saves the `i`-th intake.
struct Saver {
    store: Store,
    start: NaiveDateTime,
    i: i64,
}

/// The `i`-th intake.
fn intake(i: i64) -> NewCase {
    let (content, name, phone, address) = INTAKES[i as usize % INTAKES.len()];
    NewCase {
        content: content.into(),
        name: name.into(),
        phone: phone.into(),
        address: address.into(),
        ..NewCase::default()
    }
}

impl Saver {
    fn save(&mut self) -> liaison::store::CaseRecord {
        let new = intake(self.i);
        let at = self.start + TimeDelta::minutes(7 * self.i);
        self.i += 1;
        self.store
            .register(&new, common::OPERATOR, at)
            .expect("the intake is saved")
    }
}

/// After a save: the write's answer applied to the app, against the full reload it replaced.
fn after_save(c: &mut Criterion) {
    let mut group = c.benchmark_group("intake/after_save");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let path = common::scratch_copy(&station, n);
        let store = Store::open(&path).expect("the copy opens");
        let clock = Clock::frozen(common::now());
        let mut runner = Runner::new(store, clock, common::OPERATOR.into(), Texts::of(Lang::Zh));
        let snapshot = runner.snapshot().expect("a snapshot");
        let mut app = common::app(snapshot, 120, 40);
        let label = common::file_label(&station, n);
        // A reception day's intakes, each answer applied as the loop does.
        let mut times: Vec<Duration> = (0..200)
            .map(|i| {
                let done = runner.run(Effect::Register(intake(i)));
                let started = Instant::now();
                let more = app.update(Action::Done(Box::new(done)));
                let spent = started.elapsed();
                assert!(more.is_empty(), "nothing more is read after a save");
                spent
            })
            .collect();
        times.sort();
        println!(
            "intake/apply/{label}: 200 intakes' answers applied: median {:.3} ms, p90 {:.3} ms, \
             max {:.3} ms",
            ms(times[100]),
            ms(times[180]),
            ms(times[199])
        );
        let case = app.data.queue[0].case.id;
        group.bench_function(format!("apply/{label}"), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let done = runner.run(Effect::Record {
                        case,
                        bodies: vec![EventBody::Note {
                            text: "电话联系，请其稍候".into(),
                        }],
                        purpose: Purpose::Feedback,
                    });
                    let started = Instant::now();
                    let more = app.update(Action::Done(Box::new(done)));
                    spent += started.elapsed();
                    assert!(more.is_empty());
                }
                spent
            })
        });
        group.bench_function(format!("reload/{label}"), |b| {
            b.iter(|| runner.snapshot().expect("a snapshot"))
        });
        drop(runner);
        common::remove_database(&path);
    }
    group.finish();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The disk's floor for one durable commit: median and 90th percentile of 200 appends of
/// 4 KiB, each followed by `fdatasync`, in the database's directory.
fn fsync_floor(beside: &std::path::Path) -> (Duration, Duration) {
    use std::io::Write;
    let path = beside.with_extension("fsync-probe");
    let mut file = std::fs::File::create(&path).expect("a probe file");
    let block = [0x5au8; 4096];
    let mut times: Vec<Duration> = (0..200)
        .map(|_| {
            let started = Instant::now();
            file.write_all(&block).expect("written");
            file.sync_data().expect("synced");
            started.elapsed()
        })
        .collect();
    drop(file);
    let _ = std::fs::remove_file(&path);
    times.sort();
    (times[times.len() / 2], times[times.len() * 9 / 10])
}

fn register(c: &mut Criterion) {
    let mut group = c.benchmark_group("intake");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let path = common::scratch_copy(&station, n);
        let mut saver = Saver {
            store: Store::open(&path).expect("the copy opens"),
            start: common::now(),
            i: 0,
        };
        let label = common::file_label(&station, n);
        let floor = fsync_floor(&path);
        println!(
            "disk/fsync: 4 KiB append + fdatasync beside the database: median {:.3} ms, \
             p90 {:.3} ms",
            ms(floor.0),
            ms(floor.1)
        );
        for _ in 0..20 {
            saver.save(); // warm the page cache and the statement cache
        }
        let mut times: Vec<Duration> = (0..LATENCY_SAVES)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(saver.save());
                started.elapsed()
            })
            .collect();
        times.sort();
        let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
        println!(
            "intake/latency/{label}: {LATENCY_SAVES} single saves: median {:.3} ms, p90 {:.3} ms, \
             p99 {:.3} ms, max {:.3} ms",
            ms(pct(50)),
            ms(pct(90)),
            ms(pct(99)),
            ms(times[times.len() - 1])
        );
        group.bench_function(format!("register/{label}"), |b| b.iter(|| saver.save()));
        drop(saver);
        common::remove_database(&path);
    }
    group.finish();
}

criterion_group!(benches, register, after_save);
criterion_main!(benches);
