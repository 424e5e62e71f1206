//! `charta serve`: which `Host` a request may name. A page of another site that rebinds its
//! name to this machine (DNS rebinding) reaches the preview with its own name as the Host;
//! refusing names other than `localhost` stops it reading the preview.

use axum::http::uri::Authority;
use std::net::IpAddr;

/// Whether a request whose Host (or absolute URI's authority) is `host` is answered by a
/// server bound to `bound`: `localhost`, a loopback address, the bound address, and, when
/// bound to every interface (0.0.0.0, ::), any address literal, since charta cannot list the
/// machine's addresses and a literal cannot be rebound to another machine. Any port: the
/// preview may be reached through a forwarded one (`ssh -L 8080:localhost:4000`).
pub fn allowed(host: &str, bound: IpAddr) -> bool {
    let Ok(authority) = host.parse::<Authority>() else { return false };
    // A Host never carries user information; one that does is not a browser's.
    if authority.as_str().contains('@') {
        return false;
    }
    let name = authority.host();
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let literal = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    let Ok(ip) = literal.parse::<IpAddr>() else { return false };
    // An IPv6 literal only in brackets, as a URL writes it.
    if ip.is_ipv6() != name.starts_with('[') {
        return false;
    }
    ip.is_loopback() || ip == bound || bound.is_unspecified()
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn hosts() {
        let local = "127.0.0.1".parse().unwrap();
        let lan = "192.168.1.5".parse().unwrap();
        let every = "0.0.0.0".parse().unwrap();
        let cases = [
            ("localhost", local, true),
            ("localhost:4000", local, true),
            ("LocalHost:4000", local, true),
            ("127.0.0.1", local, true),
            ("127.0.0.1:8080", local, true),
            ("[::1]", local, true),
            ("[::1]:4000", local, true),
            ("192.168.1.5:4000", lan, true),
            ("localhost:4000", lan, true),
            ("192.168.1.5:4000", local, false),
            ("10.0.0.7:4000", every, true),
            ("[fe80::1]:4000", every, true),
            ("evil.example", local, false),
            ("evil.example:4000", every, false),
            ("localhost.evil.example", local, false),
            ("127.0.0.1.evil.example", local, false),
            ("evil.example@localhost", local, false),
            ("::1", local, false),
            ("[127.0.0.1]", local, false),
            ("", local, false),
            ("local host", local, false),
        ];
        for (host, bound, expected) in cases {
            assert_eq!(allowed(host, bound), expected, "{host:?} bound to {bound}");
        }
    }
}
