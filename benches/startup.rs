//! The terminal UI's start and its frames.
//!
//! - `first_frame/{desk}-{size}`: open the store, read the snapshot, build the app and draw one
//!   120×40 frame into a test terminal — everything between `liaison` starting and the first
//!   screen except the process start and the terminal's own I/O. Budget: ≤ 20 ms at 100k.
//! - `first_frame_parts/{open,snapshot,app_and_draw}/{desk}-{size}`: the same, step by step.
//! - `frame/{steady,full}/{80x24,120x40}/{desk}-{size}`: one frame of an app already built.
//!   `steady` redraws on the same terminal (the loop after a key press: render and diff);
//!   `full` draws on a fresh terminal (every cell written). Budget: ≤ 2 ms at 120×40.
//!
//! Each on the station desk `HF` and the home `XA` (`LIAISON_BENCH_DESKS`);
//! `LIAISON_BENCH_SIZES=10000,100000` limits the database sizes.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use liaison::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FIRST_FRAME: (u16, u16) = (120, 40);
const FRAME_SIZES: &[(u16, u16)] = &[(80, 24), (120, 40)];

fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(6));
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let path = common::database(&station, n);
        group.bench_function(common::file_label(&station, n), |b| {
            b.iter_with_large_drop(|| {
                let store = Store::open(&path).expect("the database opens");
                let snapshot = common::snapshot(&store);
                let (width, height) = FIRST_FRAME;
                let app = common::app(snapshot, width, height);
                let mut terminal =
                    Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
                terminal
                    .draw(|f| liaison::tui::ui::render(&app, f))
                    .expect("a frame");
                // Closing the store (a WAL checkpoint) happens at exit, not before the
                // first frame: dropped outside the measurement.
                (store, app, terminal)
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("first_frame_parts");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let path = common::database(&station, n);
        let label = common::file_label(&station, n);
        group.bench_function(format!("open/{label}"), |b| {
            b.iter_with_large_drop(|| Store::open(&path).expect("the database opens"))
        });
        let store = Store::open(&path).expect("the database opens");
        group.bench_function(format!("snapshot/{label}"), |b| {
            b.iter_with_large_drop(|| common::snapshot(&store))
        });
        let snapshot = common::snapshot(&store);
        group.bench_function(format!("app_and_draw/{label}"), |b| {
            b.iter_batched(
                || snapshot.clone(),
                |snapshot| {
                    let (width, height) = FIRST_FRAME;
                    let app = common::app(snapshot, width, height);
                    let mut terminal =
                        Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
                    terminal
                        .draw(|f| liaison::tui::ui::render(&app, f))
                        .expect("a frame");
                    (app, terminal)
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (station, n) in common::files(common::DEFAULT_SIZES) {
        let store = Store::open(&common::database(&station, n)).expect("the database opens");
        let snapshot = common::snapshot(&store);
        drop(store);
        for &(width, height) in FRAME_SIZES {
            let app = common::app(snapshot.clone(), width, height);
            let id = format!("{width}x{height}/{}", common::file_label(&station, n));
            let mut terminal =
                Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
            group.bench_function(format!("steady/{id}"), |b| {
                b.iter(|| {
                    terminal
                        .draw(|f| liaison::tui::ui::render(black_box(&app), f))
                        .expect("a frame");
                })
            });
            group.bench_function(format!("full/{id}"), |b| {
                b.iter_batched_ref(
                    || Terminal::new(TestBackend::new(width, height)).expect("a test terminal"),
                    |terminal| {
                        terminal
                            .draw(|f| liaison::tui::ui::render(black_box(&app), f))
                            .expect("a frame");
                    },
                    BatchSize::SmallInput,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, first_frame, frame);
criterion_main!(benches);
