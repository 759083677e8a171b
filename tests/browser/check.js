// Load an HTML file in the system's headless Chromium and print what a careful reader would object to, as JSON:
// console errors and warnings, page errors, any request besides the page itself (a self-contained report makes
// none), and every <svg> with an empty box. Saves a full-page screenshot.
// Usage: node check.js REPORT.html SCREENSHOT.png
const { chromium } = require("playwright-core");
const path = require("path");

async function main() {
  const [file, shot] = process.argv.slice(2);
  const url = "file://" + path.resolve(file);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
  await page.goto(url, { waitUntil: "load" });
  const svgs = await page.$$eval("svg", (all) => all.map((s) => {
    const b = s.getBoundingClientRect();
    return { label: s.getAttribute("aria-labelledby") || s.id || "(unnamed)", width: b.width, height: b.height,
             title: !!s.querySelector("title"), desc: !!s.querySelector("desc") };
  }));
  const headings = await page.$$eval("h1, h2, h3, h4", (all) => all.map((h) => Number(h.tagName[1])));
  await page.screenshot({ path: shot, fullPage: true });
  await page.emulateMedia({ media: "print" });
  const printed = await page.$$eval("svg", (all) => all.filter((s) => {
    const b = s.getBoundingClientRect();
    return b.right > document.documentElement.clientWidth + 1;
  }).length);
  await browser.close();
  console.log(JSON.stringify({ problems, svgs, headings, clipped_in_print: printed }));
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
