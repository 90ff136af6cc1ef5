"""The web console in a real browser (Chromium, through Selenium), against a live `hermine serve --demo`.

Run by scripts/browser-tests.sh, which starts the hub on a fresh database and stops it. Every page visited is saved
as a PNG into the screenshots folder (argument 2). Each test drives the pages as a person would: forms, links,
buttons and the keyboard; no request is forged but where a test says so.
"""

import os
import re
import sys
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:18080"
SHOTS = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".build/console-screenshots")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VALID = os.path.join(ROOT, "fixtures/invoices/atelier-kerbrat-FA-2026-0142.xml")

SUPPLIER = ("contact@atelier-kerbrat.example", "kerbrat-demo-2026")
BUYER = ("finances@plouzane.example", "plouzane-demo-2026")
OPERATOR = ("support@hermine.example", "operateur-demo-2026")


def replaced(element):
    """A wait condition: the page holding `element` has been replaced. Chromium reports the old page's node as stale,
    or, while the new page loads, as not belonging to the document: both mean it is gone."""
    def check(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return check


def invalid_invoice(folder):
    """The valid demo invoice under another number, with a wrong total (BR-CO-15) and markup in its note."""
    with open(VALID, encoding="utf-8") as handle:
        text = handle.read()
    text = text.replace("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>FA-2026-0666</cbc:ID>", 1)
    text = text.replace('<cbc:TaxInclusiveAmount currencyID="EUR">2130.00', '<cbc:TaxInclusiveAmount currencyID="EUR">2131.00', 1)
    text = text.replace("<cbc:Note>Réfection", "<cbc:Note>&lt;script&gt;alert(1)&lt;/script&gt; Réfection", 1)
    path = os.path.join(folder, "facture-<script>-erronee.xml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


class Console(unittest.TestCase):
    shot_number = 0

    @classmethod
    def setUpClass(cls):
        os.makedirs(SHOTS, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
        cls.browser = webdriver.Chrome(options=options, service=service)
        cls.browser.implicitly_wait(2)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()

    # Helpers

    def shot(self, name):
        """Saves the page as the next numbered screenshot."""
        Console.shot_number += 1
        self.browser.save_screenshot(os.path.join(SHOTS, f"{Console.shot_number:02d}-{name}.png"))

    def follow(self, element, name=None):
        """Clicks a link or a submit button and waits until the next page has replaced this one."""
        page = self.browser.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.browser, 30).until(replaced(page))
        if name:
            self.shot(name)

    def go(self, path, name):
        self.browser.get(BASE + path)
        self.shot(name)

    def sign_in(self, who, name):
        self.browser.delete_all_cookies()
        self.go("/sign-in", f"sign-in-{name}")
        self.browser.find_element(By.ID, "email").send_keys(who[0])
        self.browser.find_element(By.ID, "password").send_keys(who[1])
        self.follow(self.browser.find_element(By.ID, "sign-in"))
        if "/sign-in" in self.browser.current_url:
            self.shot(f"sign-in-refused-{name}")
            self.fail(f"still on the sign-in page: {self.text()}")
        self.shot(f"home-{name}")

    def text(self):
        return self.browser.find_element(By.TAG_NAME, "body").text

    def set_language(self, language):
        switch = self.browser.find_element(By.ID, "language-switch")
        if switch.get_attribute("lang") == language:
            self.follow(switch)

    def assert_labelled(self):
        """Every visible form control has a label (for=id) or an aria-label."""
        for control in self.browser.find_elements(By.CSS_SELECTOR, "input, select, textarea"):
            if control.get_attribute("type") in ("hidden", "submit"):
                continue
            identifier = control.get_attribute("id")
            labels = self.browser.find_elements(By.CSS_SELECTOR, f"label[for='{identifier}']") if identifier else []
            self.assertTrue(labels or control.get_attribute("aria-label"), f"a control has no label: {control.get_attribute('outerHTML')}")

    CONTRAST = """
        function luminance(colour) {
            const m = colour.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
            const p = m[1].split(',').map(parseFloat); if (p.length === 4 && p[3] === 0) return null;
            return p.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        }
        function background(element) {
            for (; element; element = element.parentElement) {
                const colour = getComputedStyle(element).backgroundColor;
                if (luminance(colour) !== null) return colour;
            }
            return 'rgb(255, 255, 255)';
        }
        const failures = [];
        for (const element of document.querySelectorAll('body *')) {
            if (!(element instanceof HTMLElement) || element.offsetParent === null) continue;
            const text = [...element.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim()).join(' ');
            if (!text) continue;
            const style = getComputedStyle(element);
            const fg = luminance(style.color), bg = luminance(background(element));
            if (fg === null || bg === null) continue;
            const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
            const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && parseInt(style.fontWeight) >= 700);
            if (ratio < (large ? 3 : 4.5)) failures.push(element.tagName + ' "' + text.slice(0, 40) + '" ' + ratio.toFixed(2));
        }
        return failures;
    """

    def assert_contrast(self):
        """Every visible text meets WCAG AA's contrast with its background (4.5:1, 3:1 for large text)."""
        failures = self.browser.execute_script(self.CONTRAST)
        self.assertEqual(failures, [], f"text below WCAG AA contrast on {self.browser.current_url}")

    def assert_no_console_errors(self):
        """The page ran no inline script and broke no Content-Security-Policy rule."""
        for entry in self.browser.get_log("browser"):
            self.assertNotIn("Content Security Policy", entry["message"], entry["message"])

    def invoice_link(self, number):
        return self.browser.find_element(By.LINK_TEXT, number)

    # The journey of the issue

    def test_1_supplier_deposits_a_valid_and_an_invalid_invoice(self):
        self.sign_in(SUPPLIER, "supplier")
        self.set_language("fr")
        self.go("/invoices/new", "deposit-form")
        self.assert_labelled()
        folder = os.path.join(SHOTS, "upload")
        os.makedirs(folder, exist_ok=True)
        files = [VALID, invalid_invoice(folder)]
        self.browser.find_element(By.ID, "files").send_keys("\n".join(files))
        self.follow(self.browser.find_element(By.ID, "deposit"), "deposit-results")
        results = self.browser.find_element(By.ID, "deposit-results").text
        self.assertIn("1 facture(s) acceptée(s) sur 2", results)
        self.assertIn("acceptée", results)
        self.assertIn("rejetée", results)
        self.assertIn("BR-CO-15", results)
        self.assert_contrast()
        # The file name with markup is shown as text, not run.
        self.assertIn("facture-<script>-erronee.xml", results)
        self.assert_no_console_errors()

        # The rejected invoice explains itself in French: what, where, how to fix.
        self.follow(self.browser.find_element(By.XPATH, "//li[contains(., 'FA-2026-0666')]//a"), "rejected-invoice-fr")
        findings = self.browser.find_element(By.ID, "findings").text
        self.assertIn("Pourquoi la facture est rejetée", findings)
        self.assertIn("BR-CO-15", findings)
        self.assertIn("Où", findings)
        self.assertIn("ligne", findings)
        self.assertIn("Comment corriger", findings)
        self.assertIn("<script>alert(1)</script>", self.browser.find_element(By.ID, "document").text)
        self.assert_contrast()
        # ... and in English after the switch, on the same page.
        self.set_language("en")
        self.shot("rejected-invoice-en")
        findings = self.browser.find_element(By.ID, "findings").text
        self.assertIn("Why the invoice is rejected", findings)
        self.assertIn("How to fix it", findings)
        self.assertIn("line", findings)
        self.set_language("fr")

    def test_2_the_valid_invoice_reaches_the_portal(self):
        self.sign_in(SUPPLIER, "supplier-2")
        self.go("/invoices?q=0142", "supplier-search")
        self.follow(self.invoice_link("FA-2026-0142"))
        deadline = time.time() + 60
        while "203" not in self.browser.find_element(By.ID, "timeline").text and time.time() < deadline:
            time.sleep(1)
            self.browser.refresh()
        self.shot("valid-invoice-timeline")
        timeline = self.browser.find_element(By.ID, "timeline").text
        self.assertIn("203", timeline)
        self.assertIn("portail public", timeline)
        self.assertIn("Portail public (Chorus Pro)", self.browser.find_element(By.ID, "deliveries").text)

    def test_3_the_buyer_approves_it_and_the_supplier_sees_it(self):
        self.sign_in(BUYER, "buyer")
        self.set_language("fr")
        self.go("/invoices", "buyer-inbox")
        self.assert_contrast()
        listing = self.browser.find_element(By.ID, "invoice-list").text
        self.assertIn("FA-2026-0142", listing)
        self.assertNotIn("FA-2026-0666", listing, "a buyer sees an invoice rejected at deposit")
        self.follow(self.invoice_link("FA-2026-0142"), "buyer-invoice")
        document = self.browser.find_element(By.ID, "document").text
        for expected in ["Atelier Kerbrat", "Détail de la TVA", "Total TTC", "Lignes"]:
            self.assertIn(expected, document)
        self.assert_labelled()
        self.browser.find_element(By.ID, "reason").send_keys("Service fait, bon pour paiement")
        self.follow(self.browser.find_element(By.ID, "action-205"), "buyer-approved")
        self.assertIn("Le statut de la facture a été mis à jour", self.browser.find_element(By.ID, "notice").text)
        self.assertIn("205", self.browser.find_element(By.ID, "invoice-status").text)

        self.sign_in(SUPPLIER, "supplier-3")
        self.go("/invoices?status=205", "supplier-approved-list")
        self.follow(self.invoice_link("FA-2026-0142"), "supplier-sees-approval")
        timeline = self.browser.find_element(By.ID, "timeline").text
        self.assertIn("Approuvée", timeline)
        self.assertIn("Service fait, bon pour paiement", timeline)
        self.assertIn("acheteur public · commune-plouzane", timeline)

    def test_3b_an_operator_resolves_the_rejection_and_finds_it_in_the_audit_trail(self):
        self.sign_in(OPERATOR, "operator")
        self.set_language("fr")
        self.go("/operations", "operator-dashboard")
        self.assertIn("Tableau de bord", self.text())
        self.assertTrue(self.browser.find_elements(By.CSS_SELECTOR, "svg.chart"), "the dashboard has no chart")
        self.assertIn("BR-CO-15", self.browser.find_element(By.ID, "causes-title").find_element(By.XPATH, "..").text)
        self.assert_contrast()
        self.go("/operations/queue", "operator-queue")
        self.assert_contrast()
        group = self.browser.find_element(By.ID, "rule-BR-CO-15")
        self.assertIn("FA-2026-0666", group.text)
        self.assert_labelled()
        group.find_element(By.XPATH, ".//li[contains(., 'FA-2026-0666')]//input[@type='checkbox']").click()
        self.browser.find_element(By.ID, "rejection-comment").send_keys("Montants corrigés avec le fournisseur par téléphone")
        self.follow(self.browser.find_element(By.ID, "resolve-invoices"), "operator-resolved")
        self.assertIn("marqués comme traités", self.browser.find_element(By.ID, "notice").text)
        self.assertNotIn("FA-2026-0666", self.browser.find_element(By.ID, "rejections").text)
        # The action is in the invoice's history, with its author.
        self.go("/invoices?q=0666", "operator-search")
        self.follow(self.invoice_link("FA-2026-0666"), "operator-audit-trail")
        timeline = self.browser.find_element(By.ID, "timeline").text
        self.assertIn("resolved: Montants corrigés avec le fournisseur par téléphone", timeline)
        self.assertIn("opérateur · hermine-ops", timeline)
        # The buyer's approval is not the portal's status yet: the reconciliation shows the difference.
        self.go("/operations/reconciliation", "operator-reconciliation")
        self.assertEqual(self.browser.find_element(By.ID, "mismatch-count").text, "1")
        self.assertIn("FA-2026-0142", self.browser.find_element(By.CSS_SELECTOR, "tr.mismatch").text)

    # Security, as a person with a browser can try it

    def test_4_a_supplier_cannot_reach_what_is_not_theirs(self):
        self.sign_in(BUYER, "buyer-2")
        self.follow(self.invoice_link("FA-2026-0142"))
        invoice_path = re.sub(r"^https?://[^/]+", "", self.browser.current_url)
        self.sign_in(("compta@breizh-numerique.example", "breizh-demo-2026"), "other-supplier")
        self.go(invoice_path, "other-supplier-invoice")
        self.assertIn("Page introuvable", self.text())
        self.go("/invoices", "other-supplier-list")
        self.assertNotIn("FA-2026-0142", self.text())

    def test_5_keyboard_only_sign_in_and_a_phone_screen(self):
        self.browser.delete_all_cookies()
        self.go("/sign-in", "keyboard-sign-in")
        self.assert_contrast()
        body = self.browser.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)  # the skip link
        active = self.browser.switch_to.active_element
        self.assertEqual(active.get_attribute("class"), "skip")
        # Tab to the address field, type, tab to the password, type, Enter.
        for _ in range(6):
            active = self.browser.switch_to.active_element
            if active.get_attribute("id") == "email":
                break
            active.send_keys(Keys.TAB)
        active = self.browser.switch_to.active_element
        self.assertEqual(active.get_attribute("id"), "email")
        active.send_keys(SUPPLIER[0], Keys.TAB)
        page = self.browser.find_element(By.TAG_NAME, "html")
        self.browser.switch_to.active_element.send_keys(SUPPLIER[1], Keys.ENTER)
        WebDriverWait(self.browser, 30).until(replaced(page))
        self.assertIn("/invoices", self.browser.current_url)
        # A phone's screen: 375 CSS pixels wide (a desktop window cannot be made that narrow).
        self.browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True})
        try:
            for path, name in [("/invoices", "phone-invoices"), (None, "phone-invoice"), ("/invoices/new", "phone-deposit")]:
                if path:
                    self.go(path, name)
                else:
                    self.browser.get(BASE + "/invoices")
                    self.follow(self.invoice_link("FA-2026-0142"), name)
                width, viewport = self.browser.execute_script(
                    "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                self.assertLessEqual(viewport, 375)
                self.assertLessEqual(width, viewport, f"{name} scrolls sideways on a 375-pixel screen")
        finally:
            self.browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def test_6_signing_out_ends_the_session(self):
        self.sign_in(SUPPLIER, "supplier-4")
        self.follow(self.browser.find_element(By.ID, "sign-out"), "signed-out")
        self.assertIn("/sign-in", self.browser.current_url)
        self.go("/invoices", "after-sign-out")
        self.assertIn("/sign-in", self.browser.current_url)

    def test_7_without_javascript_a_supplier_deposits_and_reads_the_answer(self):
        """Every core action is a plain form: with scripts off, signing in and depositing work the same."""
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"))
        try:
            browser.get(BASE + "/sign-in")
            browser.find_element(By.ID, "email").send_keys("compta@breizh-numerique.example")
            browser.find_element(By.ID, "password").send_keys("breizh-demo-2026")
            page = browser.find_element(By.TAG_NAME, "html")
            browser.find_element(By.ID, "sign-in").click()
            WebDriverWait(browser, 30).until(replaced(page))
            browser.get(BASE + "/invoices/new")
            browser.find_element(By.ID, "files").send_keys(os.path.join(ROOT, "fixtures/invoices/breizh-numerique-2026-1107.xml"))
            page = browser.find_element(By.TAG_NAME, "html")
            browser.find_element(By.ID, "deposit").click()
            WebDriverWait(browser, 30).until(replaced(page))
            Console.shot_number += 1
            browser.save_screenshot(os.path.join(SHOTS, f"{Console.shot_number:02d}-no-javascript-deposit.png"))
            self.assertIn("1 facture(s) acceptée(s) sur 1", browser.find_element(By.ID, "deposit-results").text)
        finally:
            browser.quit()


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"], exit=True)
