//! The self-service page (扫码登记): a small HTTP server inside the desk's process that
//! serves one form on the station's local network. A resident scans the code, types their
//! opinion on their own phone, and appears in the live queue as a `self_service` case (扫码登记) flagged
//! "self-registered, to be confirmed" until they are called.
//!
//! The server only accepts submissions and serves the page, its stylesheet, the waiting
//! room's calls and the wish wall (`/wishes`, the wordings approved for the wall): no path
//! returns a stored case or a resident's data. A submission without the day's token, after
//! the day, over the size limit or beyond an address's rate is refused with a short page and
//! registers nothing. It listens where asked and stops with the desk.
//!
//! Threads: one accepts; each connection gets its own, which reads the request within a
//! deadline (a phone that stops sending holds nothing else up) and then takes its turn at
//! the [`site::Site`], which owns the server's connection to the file. Connections are
//! counted in all and per address: one address (a phone, a laptop, or a guest network whose
//! phones all go out through one address) gets a share of the slots, never all of them, and
//! a slot held by a request that trickles in is given back when its head's deadline passes.
//!
//! No HTTP server crate: the synchronous ones (tiny_http) set no deadline on a connection's
//! head and count no connections per address, and the asynchronous ones (hyper, axum) bring
//! a runtime (tokio) into a desk program that serves one form to a room of phones; the
//! limits would be ours in either case. The request is parsed by `httparse`.

pub mod address;
pub mod form;
pub mod http;
pub mod limit;
pub mod page;
pub mod qr;
pub mod site;
pub mod token;
pub mod wall;

use std::collections::HashMap;
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::i18n::Error;
use crate::refusal::Refusal;
use crate::store::Store;
pub use site::Activity;

/// Connections served at once; more are answered "busy" at once.
const MAX_CONNECTIONS: usize = 64;
/// Connections one address may hold at once: a quarter. An honest phone holds one for a few
/// milliseconds, so a guest network of many phones behind one address is served; a client
/// holding many half-sent requests leaves three quarters to everyone else.
const PER_ADDRESS: usize = MAX_CONNECTIONS / 4;
/// How long stopping waits for a submission being saved.
const STOP_GRACE: Duration = Duration::from_secs(3);
/// Reports kept for the desk to read; more are dropped until it reads them.
const ACTIVITY_KEPT: usize = 256;

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Random(#[from] token::NoRandom),
    #[error("port {port} is taken by another program: give another with --listen {ip}:PORT")]
    PortTaken { ip: std::net::IpAddr, port: u16 },
    #[error("this computer has no address {0}: give one of its own addresses with --listen")]
    NotOurAddress(std::net::IpAddr),
    #[error("another liaison serves this file's page already, at {url}")]
    AlreadyServed { url: String },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

impl From<&ServeError> for Refusal {
    /// Why the server did not start, as a typed reason.
    fn from(e: &ServeError) -> Refusal {
        match e {
            ServeError::Store(e) => Refusal::from(e),
            ServeError::Random(e) => Refusal::from(e),
            ServeError::PortTaken { ip, port } => Refusal::new(Error::PortTaken)
                .data("port", port)
                .data("ip", ip),
            ServeError::NotOurAddress(ip) => Refusal::new(Error::NotOurAddress).data("ip", ip),
            ServeError::Listen { addr, source } => Refusal::new(Error::CannotListen)
                .data("addr", addr)
                .because_io(source),
            ServeError::AlreadyServed { url } => {
                Refusal::new(Error::ServedElsewhere).data("url", url)
            }
        }
    }
}

/// What the server starts with.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub db: PathBuf,
    pub listen: SocketAddr,
    pub clock: Clock,
    /// Replace the day's token (pages opened with the old one are refused).
    pub new_token: bool,
}

/// The connections being read, to cut when the server stops, and how many each address holds.
#[derive(Default)]
struct Connections {
    reading: Mutex<HashMap<u64, TcpStream>>,
    live: AtomicUsize,
    next: AtomicU64,
    per_address: Mutex<HashMap<IpAddr, usize>>,
}

impl Connections {
    /// Takes a slot for `peer`, unless all are taken or the address holds its share.
    fn take(&self, peer: IpAddr) -> bool {
        let Ok(mut held) = self.per_address.lock() else {
            return false;
        };
        let mine = held.entry(peer).or_insert(0);
        if *mine >= PER_ADDRESS || self.live.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            return false;
        }
        *mine += 1;
        self.live.fetch_add(1, Ordering::SeqCst);
        true
    }

    fn give_back(&self, peer: IpAddr) {
        if let Ok(mut held) = self.per_address.lock()
            && let Some(mine) = held.get_mut(&peer)
        {
            *mine = mine.saturating_sub(1);
            if *mine == 0 {
                held.remove(&peer);
            }
        }
        self.live.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A slot given back however the connection's thread ends.
struct Slot {
    connections: Arc<Connections>,
    peer: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.connections.give_back(self.peer);
    }
}

/// A running server; it stops when stopped or dropped.
pub struct Server {
    addr: SocketAddr,
    url: String,
    day: NaiveDate,
    db: PathBuf,
    clock: Clock,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    connections: Arc<Connections>,
    activity: Receiver<Activity>,
    /// One server per file ([`crate::serve_lock`]).
    lock: crate::serve_lock::ServeLock,
}

impl Server {
    /// Opens the file, makes (or keeps) the day's token, and listens.
    pub fn start(options: ServeOptions) -> Result<Server, ServeError> {
        let lock =
            crate::serve_lock::take(&options.db).map_err(|running| ServeError::AlreadyServed {
                url: running.map(|r| r.url).unwrap_or_default(),
            })?;
        let mut store = Store::open(&options.db)?;
        let day = options.clock.today();
        // A fresh id from the system's random source, or no server: never a guessable code.
        let fresh = token::fresh_id()?;
        let token = store.keep_day_token(day, &fresh, options.new_token, options.clock.now())?;
        let listener = bind(options.listen)?;
        let addr = listener.local_addr().map_err(|source| ServeError::Listen {
            addr: options.listen,
            source,
        })?;
        // Bounded: a desk that never reads it (the TUI) keeps the latest news, not a flood's.
        let (sender, activity) = sync_channel(ACTIVITY_KEPT);
        let site = Arc::new(Mutex::new(site::Site::new(
            store,
            options.clock,
            day,
            sender,
        )?));
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(Connections::default());
        let accept = {
            let stop = stop.clone();
            let connections = connections.clone();
            std::thread::Builder::new()
                .name("serve-accept".into())
                .spawn(move || accept_loop(listener, site, stop, connections))
                .map_err(|source| ServeError::Listen { addr, source })?
        };
        let url = address::page_url(addr, &token);
        lock.announce(&url, day);
        Ok(Server {
            lock,
            url,
            addr,
            day,
            db: options.db,
            clock: options.clock,
            stop,
            accept: Some(accept),
            connections,
            activity,
        })
    }

    /// The address a phone opens, with the day's token.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The day it serves; after it every submission is refused.
    pub fn day(&self) -> NaiveDate {
        self.day
    }

    /// A new token for the day: pages and codes with the old one are refused from now on.
    pub fn new_token(&mut self) -> Result<&str, ServeError> {
        let fresh = token::fresh_id()?;
        let mut store = Store::open(&self.db)?;
        let token = store.keep_day_token(self.day, &fresh, true, self.clock.now())?;
        self.url = address::page_url(self.addr, &token);
        self.lock.announce(&self.url, self.day);
        Ok(&self.url)
    }

    /// What happened since the last call.
    pub fn activity(&self) -> Vec<Activity> {
        self.activity.try_iter().collect()
    }

    /// Stops listening, cuts the requests still arriving and waits (briefly) for a
    /// submission being saved: it is committed and answered, or not written at all.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let Some(accept) = self.accept.take() else {
            return;
        };
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread with a connection of our own.
        let _ = TcpStream::connect_timeout(&wake_address(self.addr), Duration::from_secs(1));
        let _ = accept.join();
        if let Ok(reading) = self.connections.reading.lock() {
            for stream in reading.values() {
                let _ = stream.shutdown(Shutdown::Both);
            }
        }
        let until = Instant::now() + STOP_GRACE;
        while self.connections.live.load(Ordering::SeqCst) > 0 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn bind(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr).map_err(|source| match source.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::PortTaken {
            ip: addr.ip(),
            port: addr.port(),
        },
        std::io::ErrorKind::AddrNotAvailable => ServeError::NotOurAddress(addr.ip()),
        _ => ServeError::Listen { addr, source },
    })
}

/// An address that reaches the listener (loopback when it listens everywhere).
fn wake_address(addr: SocketAddr) -> SocketAddr {
    let ip = match addr.ip() {
        std::net::IpAddr::V4(v4) if v4.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::IpAddr::V6(v6) if v6.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    SocketAddr::new(ip, addr.port())
}

fn accept_loop(
    listener: TcpListener,
    site: Arc<Mutex<site::Site>>,
    stop: Arc<AtomicBool>,
    connections: Arc<Connections>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        let taken = Instant::now();
        let Ok(peer) = stream.peer_addr().map(|a| a.ip()) else {
            continue;
        };
        if !connections.take(peer) {
            // Answered without waiting: the refusal fits the socket's buffer, and a client
            // that reads nothing cannot hold the accepting thread.
            let _ = stream.set_nonblocking(true);
            let busy = site::refuse(crate::i18n::Lang::Zh, 503, "busy", None)
                .with_header("Retry-After", "5");
            http::respond(&mut stream, &busy, false, false);
            continue;
        }
        let slot = Slot {
            connections: connections.clone(),
            peer,
        };
        let site = site.clone();
        let conns = connections.clone();
        // A thread that does not start drops its closure, and the slot with it.
        let _ = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                let _slot = slot;
                serve_connection(stream, peer, taken, &site, &conns);
            });
    }
}

/// Reads one request, answers it, closes.
fn serve_connection(
    mut stream: TcpStream,
    peer: IpAddr,
    taken: Instant,
    site: &Mutex<site::Site>,
    conns: &Connections,
) {
    let id = conns.next.fetch_add(1, Ordering::SeqCst);
    if let (Ok(clone), Ok(mut reading)) = (stream.try_clone(), conns.reading.lock()) {
        reading.insert(id, clone);
    }
    let request = http::read_request(&mut stream, peer, taken);
    if let Ok(mut reading) = conns.reading.lock() {
        reading.remove(&id);
    }
    match request {
        Ok(request) => {
            let response = match site.lock() {
                Ok(mut site) => site.handle(&request, Instant::now()),
                Err(_) => site::refuse(crate::i18n::Lang::Zh, 503, "busy", None),
            };
            let head_only = request.method == http::Method::Head;
            http::respond(&mut stream, &response, head_only, false);
        }
        Err(error) => {
            let Some(status) = error.status() else { return };
            let key = match error {
                http::ReadError::BodyTooLarge => "too_large",
                http::ReadError::TimedOut => "timeout",
                _ => "bad_request",
            };
            let response = site::refuse(crate::i18n::Lang::Zh, status, key, None);
            let unread = matches!(
                error,
                http::ReadError::BodyTooLarge
                    | http::ReadError::LengthRequired
                    | http::ReadError::AmbiguousLength
            );
            http::respond(&mut stream, &response, false, unread);
        }
    }
}
