//! A small layer over fantoccini: start ChromeDriver with Debian's Chromium, collect console
//! errors from the first line of every page, inject axe-core, serve a folder on 127.0.0.1.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Runs `Page.addScriptToEvaluateOnNewDocument` through ChromeDriver's CDP endpoint.
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({"cmd": self.0, "params": self.1}).to_string()))
    }
}

/// Installed before any page script runs: remembers uncaught errors, failed resources and
/// console.error calls.
const CATCH_ERRORS: &str = r#"
window.__charta_errors = [];
window.addEventListener("error", function (e) {
  window.__charta_errors.push(e.message || ("failed to load " + (e.target && (e.target.src || e.target.href))));
}, true);
var original = console.error;
console.error = function () { window.__charta_errors.push(Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
"#;

pub struct Browser {
    client: Client,
    driver: Child,
    axe: String,
}

impl Browser {
    pub async fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (apt-get install chromium-driver)");
        let axe_path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&axe_path)
            .unwrap_or_else(|e| panic!("{}: {e} (run `npm ci` in tests/browser)", axe_path.display()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1200,900", "--allow-file-access-from-files"]
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut client = None;
        for _ in 0..50 {
            match ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
            }
        }
        let client = client.expect("ChromeDriver started within 10 s");
        client
            .issue_cmd(Cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": CATCH_ERRORS})))
            .await
            .unwrap();
        Browser { client, driver, axe }
    }

    /// Pages from now on as a reader who asked for a dark (`true`) or light colour scheme sees them.
    pub async fn dark(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        let features = json!([{"name": "prefers-color-scheme", "value": scheme}]);
        self.client
            .issue_cmd(Cdp("Emulation.setEmulatedMedia", json!({"features": features})))
            .await
            .unwrap();
    }

    /// The window's size in CSS pixels (headless: the viewport's).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
    }

    /// How far the page is wider than its viewport (0 when nothing scrolls sideways), with the
    /// elements that reach past the right edge.
    pub async fn overflow(&self) -> Value {
        self.run(
            "var w = document.documentElement.clientWidth;
             var wide = [];
             document.querySelectorAll('body *').forEach(function (e) {
               var r = e.getBoundingClientRect();
               if (r.right > w + 1 && r.width > 0) {
                 var scroller = e.closest('.table-wrap, pre, .redline');
                 if (!scroller || scroller === e) { wide.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(r.right)); }
               }
             });
             return { excess: document.documentElement.scrollWidth - w, wide: wide.slice(0, 8) };",
        )
        .await
    }

    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
    }

    /// Run `script` in the page; what it returns.
    pub async fn run(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    pub async fn url(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    pub async fn errors(&self) -> Value {
        self.client.execute("return window.__charta_errors || [];", vec![]).await.unwrap()
    }

    pub async fn assert_no_errors(&self, page: &str) {
        assert_eq!(self.errors().await, json!([]), "console errors on the {page} page");
    }

    /// axe-core on the page: no serious or critical violation.
    pub async fn assert_accessible(&self, page: &str) {
        assert_eq!(
            self.violations().await,
            json!([]),
            "serious or critical accessibility violations on the {page} page"
        );
    }

    /// The serious and critical axe-core violations of the page, as `id: help (nodes)`.
    pub async fn violations(&self) -> Value {
        self.client.execute(&self.axe, vec![]).await.unwrap();
        self.client
            .execute_async(
                "var done = arguments[arguments.length - 1];
                 axe.run(document).then(function (r) { done(r.violations.filter(function (v) {
                   return v.impact === 'serious' || v.impact === 'critical';
                 }).map(function (v) { return v.id + ': ' + v.help + ' (' + v.nodes.length + ')'; })); });",
                vec![],
            )
            .await
            .unwrap()
    }

    pub async fn screenshot(&self, path: &PathBuf) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(path, png).unwrap();
    }

    pub async fn visible_rows(&self) -> u64 {
        let n = self
            .client
            .execute("return Array.prototype.filter.call(document.querySelectorAll('table.register tbody tr'), function (r) { return !r.hidden; }).length;", vec![])
            .await
            .unwrap();
        n.as_u64().unwrap()
    }

    pub async fn select(&self, name: &str, value: &str) {
        let script = "var s = document.querySelector('#register-filter select[name=' + arguments[0] + ']');
                      s.value = arguments[1]; s.dispatchEvent(new Event('input', {bubbles: true}));";
        self.client.execute(script, vec![json!(name), json!(value)]).await.unwrap();
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        self.client.find(Locator::Css(css)).await.unwrap().send_keys(text).await.unwrap();
    }

    /// Waits (up to five seconds) for an element a script adds after the page has loaded.
    pub async fn wait_for(&self, css: &str) {
        self.client
            .wait()
            .at_most(std::time::Duration::from_secs(5))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"));
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    pub async fn attribute(&self, css: &str, name: &str) -> String {
        let el = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
        el.attr(name).await.unwrap().unwrap_or_default()
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Click a link by its text, then come back (a neutralised link goes nowhere).
    pub async fn click_link(&self, text: &str) {
        let link = self.client.find(Locator::LinkText(text)).await.unwrap_or_else(|e| panic!("{text}: {e}"));
        let href = link.attr("href").await.unwrap().unwrap_or_default();
        assert!(
            !href.to_ascii_lowercase().starts_with("javascript:") && !href.starts_with("data:"),
            "{text} links to {href}"
        );
        link.click().await.unwrap();
    }

    /// What a hostile payload would have set, had it run.
    pub async fn pwned(&self) -> Value {
        self.client
            .execute("return window.__pwned === undefined ? null : window.__pwned;", vec![])
            .await
            .unwrap()
    }

    pub async fn close(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Serve `dir` on 127.0.0.1 at a free port, as a static web server would.
pub async fn serve(dir: PathBuf) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
    let handle = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (addr, handle)
}
