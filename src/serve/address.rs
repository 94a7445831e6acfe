//! Where the page listens: the address given, or by default this desk's address on the
//! station's local network. Never every interface unless asked.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};

use crate::i18n::Error;
use crate::refusal::Refusal;

/// The port used when none is given.
pub const DEFAULT_PORT: u16 = 8080;

/// Why no address to listen on was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error(
        "this computer has no address on a local network (192.168.x.x, 10.x.x.x or \
         172.16–31.x.x): connect it to the station's Wi-Fi, or give the address with \
         --listen ADDR:PORT"
    )]
    NoLanAddress,
    #[error("`{0}` is not an address and port such as 192.168.1.20:8080")]
    Unparsable(String),
}

impl From<&AddressError> for Refusal {
    fn from(e: &AddressError) -> Refusal {
        match e {
            AddressError::NoLanAddress => Refusal::new(Error::NoLanAddress),
            AddressError::Unparsable(text) => Refusal::new(Error::NotAnAddress).data("text", text),
        }
    }
}

/// A private IPv4 address (RFC 1918): the kind a station's Wi-Fi hands out.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_private(),
        IpAddr::V6(_) => false,
    }
}

/// The address the system would use to reach `probe`: no packet is sent (a UDP socket is
/// only connected, which picks the route).
fn route_to(probe: Ipv4Addr) -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((probe, 9)).ok()?;
    Some(socket.local_addr().ok()?.ip())
}

/// This desk's address on the local network: the one its default route leaves from, or
/// the one that reaches one of the private ranges; only a private address is taken.
pub fn lan_address() -> Result<IpAddr, AddressError> {
    let probes = [
        Ipv4Addr::new(192, 0, 2, 1),
        Ipv4Addr::new(192, 168, 255, 254),
        Ipv4Addr::new(10, 255, 255, 254),
        Ipv4Addr::new(172, 31, 255, 254),
    ];
    probes
        .iter()
        .filter_map(|p| route_to(*p))
        .find(|ip| is_private(*ip))
        .ok_or(AddressError::NoLanAddress)
}

/// `--listen` as given (`ADDR:PORT`, or `ADDR` for the default port), or the LAN address.
pub fn listen_address(given: Option<&str>) -> Result<SocketAddr, AddressError> {
    match given {
        Some(text) => {
            let text = text.trim();
            if let Ok(addr) = text.parse::<SocketAddr>() {
                return Ok(addr);
            }
            text.parse::<IpAddr>()
                .map(|ip| SocketAddr::new(ip, DEFAULT_PORT))
                .map_err(|_| AddressError::Unparsable(text.to_string()))
        }
        None => Ok(SocketAddr::new(lan_address()?, DEFAULT_PORT)),
    }
}

/// The address a phone opens: where the server listens, with the day's token.
/// Listening on every interface (`0.0.0.0`), the LAN address is put in the link.
pub fn page_url(listening: SocketAddr, token: &str) -> String {
    let ip = if listening.ip().is_unspecified() {
        lan_address().unwrap_or(listening.ip())
    } else {
        listening.ip()
    };
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{}/{token}", listening.port()),
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/{token}", listening.port()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_given() {
        assert_eq!(
            listen_address(Some("127.0.0.1:18160")).unwrap(),
            "127.0.0.1:18160".parse().unwrap()
        );
        assert_eq!(
            listen_address(Some("192.168.1.20")).unwrap(),
            "192.168.1.20:8080".parse().unwrap()
        );
        assert!(matches!(
            listen_address(Some("station")),
            Err(AddressError::Unparsable(_))
        ));
        assert!(is_private("192.168.1.20".parse().unwrap()));
        assert!(is_private("10.1.2.3".parse().unwrap()));
        assert!(!is_private("8.8.8.8".parse().unwrap()));
        assert!(!is_private("127.0.0.1".parse().unwrap()));
        assert_eq!(
            page_url("127.0.0.1:18160".parse().unwrap(), "ABC"),
            "http://127.0.0.1:18160/ABC"
        );
        assert_eq!(
            page_url("[::1]:18160".parse().unwrap(), "ABC"),
            "http://[::1]:18160/ABC"
        );
    }
}
