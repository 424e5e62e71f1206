//! `charta serve`: the site over HTTP with the reload script, rebuilt when a file changes, and
//! still served when a rebuild fails.

use crate::support::Site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// The server, stopped when the test ends however it ends; its output lines, as they come.
pub struct Server {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    pub port: u16,
}

impl Server {
    /// The server process's resident memory, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(from: impl Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// The first line from `lines` that contains `text`, waiting at most a minute.
fn wait_for(lines: &Receiver<String>, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(text) => return line,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no line with `{text}` within a minute");
}

pub fn serve(site: &Site) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_charta"));
    command.args(serve_args(site));
    spawn(command)
}

/// The arguments of `charta serve` on `site`, on any free port.
pub fn serve_args(site: &Site) -> Vec<String> {
    let root = site.root().to_str().unwrap();
    ["serve", "--root", root, "--today", "2026-03-01", "--port", "0"].map(str::to_owned).to_vec()
}

/// Start `command` (charta serve, or something that execs it) and wait until it serves.
pub fn spawn(mut command: Command) -> Server {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = lines(child.stdout.take().unwrap());
    let stderr = lines(child.stderr.take().unwrap());
    let mut server = Server { child, stdout, stderr, port: 0 };
    let line = wait_for(&server.stdout, "Serving ");
    let port = line.split("127.0.0.1:").nth(1).and_then(|rest| rest.split('/').next()).unwrap();
    server.port = port.parse().unwrap();
    server
}

pub fn connect(server: &Server, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    stream
}

pub fn get(server: &Server, path: &str) -> String {
    let mut response = String::new();
    connect(server, path).read_to_string(&mut response).unwrap();
    response
}

/// Read the event stream until it holds `text`.
fn read_until(stream: &mut TcpStream, text: &str) -> String {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains(text) {
        let n = stream.read(&mut buffer).unwrap_or_else(|e| panic!("waiting for `{text}`: {e}"));
        assert!(n > 0, "the stream ended before `{text}`");
        seen.extend_from_slice(&buffer[..n]);
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn pages_are_served_with_the_reload_script_and_rebuilt_when_a_file_changes() {
    let site = Site::fixture("mixed");
    let server = serve(&site);
    let page = get(&server, "/sop/release/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("cache-control: no-store"), "{page}");
    // Bug (a hostile pull request): a file published as text ran as a script in a browser that
    // sniffed it; every response says its type is meant.
    assert!(page.contains("x-content-type-options: nosniff"), "{page}");
    assert!(page.contains("<script src=\"/__charta/reload.js\"></script></body>"), "{page}");
    let script = get(&server, "/__charta/reload.js");
    assert!(script.contains("content-type: text/javascript"), "{script}");
    assert!(script.contains("new EventSource(\"/__charta/reload\")"), "{script}");
    // The built files themselves carry no script; the preview is not in the published folder.
    let built =
        std::fs::read_to_string(site.root().join(".charta-cache/serve/sop/release/index.html")).unwrap();
    assert!(!built.contains("reload.js"));
    assert!(!site.root().join("public").exists());
    assert!(get(&server, "/../charta.toml").starts_with("HTTP/1.1 404"));
    let css = get(&server, "/assets/style.css");
    assert!(css.contains("content-type: text/css") && !css.contains("reload.js"), "{css}");

    let mut events = connect(&server, "/__charta/reload");
    read_until(&mut events, "text/event-stream");
    let text = std::fs::read_to_string(site.root().join("sop/release.md")).unwrap();
    site.write("sop/release.md", &format!("{text}\nA line added while serving.\n"));
    read_until(&mut events, "event: reload");
    assert!(get(&server, "/sop/release/").contains("A line added while serving."));

    // A rebuild that fails is told, and the last site stays served.
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", "[site\n");
    wait_for(&server.stderr, "the last site is still served");
    assert!(get(&server, "/sop/release/").contains("A line added while serving."));
    site.write("charta.toml", &config);
    read_until(&mut events, "data: 2");
}

/// Wait (at most a minute) until the page at `path` holds `text`.
fn eventually(server: &Server, path: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !get(server, path).contains(text) {
        assert!(Instant::now() < deadline, "{path} never held `{text}`");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_folder_made_while_serving_is_watched_and_a_new_collection_built() {
    let site = Site::fixture("mixed");
    let server = serve(&site);
    site.write("records/log.md", "---\nid: REC-001\ntitle: Access log review\n---\n\nFirst entry.\n");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &format!("{config}\n[[collections]]\npath = \"records\"\nkind = \"record\"\n"));
    eventually(&server, "/records/log/", "First entry.");
    // An edit inside the new folder is seen: it is watched now.
    site.write("records/log.md", "---\nid: REC-001\ntitle: Access log review\n---\n\nSecond entry.\n");
    eventually(&server, "/records/log/", "Second entry.");
}

#[test]
fn a_port_in_use_is_an_error_naming_it() {
    let site = Site::fixture("mixed");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = crate::support::charta(&["serve", "--root", site.root().to_str().unwrap(), "--port", &port]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{}", run.stderr);
}

/// Every rebuild of `charta serve` let go of what it had read without freeing it (it was meant
/// for a process about to end): resident memory grew by 74 MB over 180 rebuilds of this fixture.
#[cfg(target_os = "linux")]
#[test]
fn serve_frees_what_each_rebuild_read() {
    let site = Site::fixture("mixed");
    let server = serve(&site);
    let mut events = connect(&server, "/__charta/reload");
    read_until(&mut events, "text/event-stream");
    let text = std::fs::read_to_string(site.root().join("sop/release.md")).unwrap();
    let mut rebuild = |n: u32| {
        site.write("sop/release.md", &format!("{text}\nEdit {n}.\n"));
        read_until(&mut events, &format!("data: {n}\n"));
    };
    // The allocator's arenas and the caches settle over the first rebuilds.
    for n in 1..=20 {
        rebuild(n);
    }
    let settled = server.rss_kib();
    for n in 21..=200 {
        rebuild(n);
    }
    let grown = server.rss_kib().saturating_sub(settled);
    assert!(grown < 4 * 1024, "200 rebuilds: resident memory grew by {grown} KiB after the first 20");
}
