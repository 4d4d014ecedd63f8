"""Browser tests of the staff web app in a real headless Chromium (selenium), against a running Kindred server.

Usage: python3 web_app_test.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD VIEWER_EMAIL VIEWER_PASSWORD SCREENSHOT_DIR
Every test saves screenshots into SCREENSHOT_DIR. Exits non-zero on any failure.
"""
import json
import os
import sys
import time
import traceback
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, ADMIN, ADMIN_PASSWORD, VIEWER, VIEWER_PASSWORD, SHOTS = sys.argv[1:7]
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_NOTE = "<img src=x onerror=alert(1)>"


def browser(phone=False):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900", "--lang=en-GB"]:
        options.add_argument(flag)
    if phone:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2}})
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def shot(driver, name):
    path = os.path.join(SHOTS, f"{name}.png")
    driver.save_screenshot(path)
    return path


def no_dialog(driver):
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"a dialog opened: {text!r}")
    except NoAlertPresentException:
        pass


def gone(element):
    """Whether an element has left the document (Chromium reports it as stale, or as a node of no document)."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True


def submit(driver, button):
    """Clicks a form's button and waits for the next page to load."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 30).until(lambda _: gone(page))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def sign_in(driver, email, password):
    driver.get(BASE + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))


def api(method, path, body=None, key=None):
    """Calls the REST API with `key` (by default the fundraiser key run.sh made, KINDRED_API_KEY) and returns the JSON answer."""
    request = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + (key or os.environ["KINDRED_API_KEY"]), "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def no_sideways_scroll(phone, where):
    """Fails when the page is wider than the phone's screen, naming the first elements that stick out."""
    width = phone.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    wide = phone.execute_script("""return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert width <= 0, f"{where} scrolls sideways on a phone ({width}px): {wide}"


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def create_person(driver, given, family, email="", city="Utrecht"):
    driver.get(BASE + "/people/new")
    driver.find_element(By.ID, "givenName").send_keys(given)
    driver.find_element(By.ID, "familyName").send_keys(family)
    if email:
        driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "city").send_keys(city)
    submit(driver, driver.find_element(By.ID, "create-person"))
    assert "/people/" in driver.current_url and not driver.current_url.endswith("/new"), driver.current_url
    return driver.current_url


def test_sign_in_and_dashboard(driver):
    driver.get(BASE + "/")
    assert driver.current_url.endswith("/sign-in"), "an anonymous visitor is sent to sign in"
    shot(driver, "01-sign-in")
    sign_in(driver, ADMIN, "not the password")
    assert "do not match" in text(driver)
    sign_in(driver, ADMIN, ADMIN_PASSWORD)
    assert driver.current_url.rstrip("/") == BASE, driver.current_url
    assert "Donors this fiscal year" in text(driver)
    cookie = driver.get_cookie("kindred_session")
    assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Lax", cookie
    shot(driver, "02-dashboard")


def test_person_gift_timeline_rollups_dashboard(driver):
    page = create_person(driver, "Anna", "Jansen", "anna.jansen@example.org")
    assert driver.find_element(By.ID, "person-name").text == "Anna Jansen"
    shot(driver, "03-person-new")
    driver.find_element(By.ID, "amount").send_keys("125,50")
    Select(driver.find_element(By.ID, "gift-channel")).select_by_value("online")
    submit(driver, driver.find_element(By.ID, "record-gift"))
    assert driver.current_url == page
    timeline = driver.find_element(By.ID, "timeline").text
    assert "Gift" in timeline and "125.50" in timeline, timeline
    assert "125.50" in driver.find_element(By.CSS_SELECTOR, "dl.rollup .total").text
    assert driver.find_elements(By.CSS_SELECTOR, "#chart-giving-years svg[role=img]"), "the giving-by-year chart is drawn"
    shot(driver, "04-person-with-gift")
    driver.get(BASE + "/")
    assert "125.50" in driver.find_element(By.ID, "figure-revenue").text
    shot(driver, "05-dashboard-with-gift")
    driver.get(BASE + "/people")
    search = driver.find_element(By.ID, "q")
    search.send_keys("jansen")
    for _ in range(40):  # search as you type swaps the results in
        if "q=jansen" in driver.current_url:
            break
        time.sleep(0.1)
    assert "Anna Jansen" in driver.find_element(By.ID, "people-results").text
    shot(driver, "06-people-search")


def test_hostile_text_is_shown_as_text(driver):
    page = create_person(driver, HOSTILE_NAME, "Tester")
    no_dialog(driver)
    assert driver.find_element(By.ID, "person-name").text == HOSTILE_NAME + " Tester"
    driver.find_element(By.ID, "note").send_keys(HOSTILE_NOTE)
    submit(driver, driver.find_element(By.ID, "add-note"))
    no_dialog(driver)
    assert driver.current_url == page
    assert HOSTILE_NOTE in driver.find_element(By.ID, "timeline").text
    assert not driver.find_elements(By.CSS_SELECTOR, "#timeline img"), "the note made no element"
    shot(driver, "07-hostile-text")


def test_form_without_csrf_token_is_refused(driver):
    driver.get(BASE + "/people/new")
    driver.execute_script("document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove())")
    driver.find_element(By.ID, "givenName").send_keys("Forged")
    submit(driver, driver.find_element(By.ID, "create-person"))
    assert "did not come from Kindred" in text(driver), text(driver)
    shot(driver, "08-csrf-refused")
    driver.get(BASE + "/people?q=Forged")
    assert "No one matches" in text(driver)


def test_segment_builder_counts_live(driver):
    driver.get(BASE + "/segments/new")
    driver.find_element(By.ID, "segment-name").send_keys("Utrecht donors")
    driver.find_element(By.ID, "add-condition").click()
    Select(driver.find_element(By.CSS_SELECTOR, ".condition-field")).select_by_value("city")
    Select(driver.find_element(By.CSS_SELECTOR, ".condition-operator")).select_by_value("=")
    driver.find_element(By.CSS_SELECTOR, ".condition-value").send_keys("Utrecht")
    driver.find_element(By.ID, "add-condition").click()
    Select(driver.find_elements(By.CSS_SELECTOR, ".condition-field")[1]).select_by_value("giving.total")
    Select(driver.find_elements(By.CSS_SELECTOR, ".condition-operator")[1]).select_by_value(">")
    driver.find_elements(By.CSS_SELECTOR, ".condition-value")[1].send_keys("100")
    assert driver.find_element(By.ID, "ruleText").get_attribute("value") == 'city = "Utrecht" and giving.total > 100'
    # The count follows the rule as it is typed: wait for the count of the whole rule, not of its first condition.
    try:
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "live-count").text.startswith("1 "))
    except TimeoutException:
        raise AssertionError(driver.find_element(By.ID, "live-count").text)
    shot(driver, "09-segment-builder")
    submit(driver, driver.find_element(By.ID, "save-segment"))
    assert driver.find_element(By.ID, "member-count").text == "1"
    assert "Anna Jansen" in text(driver)
    shot(driver, "10-segment")


def test_import_with_a_bad_row(driver):
    path = os.path.join(SHOTS, "people.csv")
    with open(path, "w") as csv:
        csv.write("external_id,given_name,family_name,email,city\n")
        csv.write("B1,Bea,Bakker,bea@example.org,Leiden\n")
        csv.write("B2,Cor,Claes,not-an-email,Gent\n")
        csv.write("B3,Dirk,De Vries,dirk@example.org,Delft\n")
    driver.get(BASE + "/imports")
    driver.find_element(By.ID, "import-file").send_keys(os.path.abspath(path))
    Select(driver.find_element(By.ID, "import-kind")).select_by_value("constituents")
    driver.find_element(By.ID, "import-source").send_keys("browser_test")
    shot(driver, "11-import-form")
    driver.find_element(By.ID, "import-run").click()
    WebDriverWait(driver, 30).until(lambda d: "/imports/" in d.current_url and d.find_elements(By.ID, "import-status"))
    assert driver.find_element(By.ID, "rows-read").text == "3", text(driver)
    assert driver.find_element(By.ID, "issue-count").text == "1"
    assert "Nothing was imported" in driver.find_element(By.ID, "import-status").text
    issues = driver.find_element(By.ID, "import-issues").text
    assert "email" in issues and "3" in issues, issues
    shot(driver, "12-import-report")
    os.remove(path)


def test_duplicates_merge_and_undo(driver):
    create_person(driver, "Bea", "Bakker", "bea.bakker@example.org", "Leiden")
    create_person(driver, "B.", "Bakker", "Bea.Bakker@example.org", "Leiden")
    driver.get(BASE + "/duplicates")
    assert "Bakker" in driver.find_element(By.ID, "duplicates").text
    shot(driver, "13-duplicates")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "#duplicates a.button"))
    shot(driver, "14-merge-screen")
    submit(driver, driver.find_element(By.ID, "merge"))
    assert "Everything now belongs to" in driver.find_element(By.ID, "merge-summary").text
    submit(driver, driver.find_element(By.ID, "undo-merge"))
    assert driver.find_elements(By.ID, "merge-undone")
    shot(driver, "15-merge-undone")


def test_settings_campaigns_and_giving(driver):
    driver.get(BASE + "/settings")
    driver.find_element(By.ID, "org-name").send_keys("Stichting Hoop")
    driver.find_element(By.ID, "principles").send_keys("Listen first.")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/settings/organisation'] button"))
    driver.find_element(By.ID, "new-key-name").send_keys("Website")
    submit(driver, driver.find_element(By.ID, "add-key"))
    assert driver.find_element(By.ID, "new-secret").text.startswith("kdr_")
    shot(driver, "16-settings")
    driver.get(BASE + "/campaigns")
    driver.find_element(By.ID, "campaign-name").send_keys("Winter appeal")
    driver.find_element(By.ID, "campaign-goal").send_keys("5000")
    submit(driver, driver.find_element(By.ID, "create-campaign"))
    assert "Winter appeal" in driver.find_element(By.ID, "campaigns").text
    shot(driver, "17-campaigns")
    driver.get(BASE + "/gifts")
    assert "Anna Jansen" in driver.find_element(By.ID, "gifts").text
    shot(driver, "18-gifts")
    driver.get(BASE + "/")
    assert "Listen first." in text(driver) and "Stichting Hoop" in text(driver)


def test_languages(driver):
    driver.get(BASE + "/people")
    Select(driver.find_element(By.ID, "language-switch")).select_by_value("nl")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/language'] button"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    assert "Personen" in text(driver) and "Nieuwe persoon" in text(driver)
    shot(driver, "19-people-dutch")
    driver.get(BASE + "/")
    assert "Donateurs dit boekjaar" in text(driver) and "125,50" in driver.find_element(By.ID, "figure-revenue").text
    shot(driver, "20-dashboard-dutch")
    Select(driver.find_element(By.ID, "language-switch")).select_by_value("fr")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/language'] button"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert "Tableau de bord" in text(driver) and "125,50" in driver.find_element(By.ID, "figure-revenue").text
    shot(driver, "21-dashboard-french")
    Select(driver.find_element(By.ID, "language-switch")).select_by_value("en")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/language'] button"))


def test_task_from_person_page_to_inbox(driver):
    driver.get(BASE + "/people?q=jansen")
    submit(driver, driver.find_element(By.LINK_TEXT, "Anna Jansen"))
    page = driver.current_url
    driver.find_element(By.CSS_SELECTOR, "#tasks-heading ~ details summary").click()
    driver.find_element(By.ID, "task-title").send_keys("Thank-you call " + HOSTILE_NOTE)
    Select(driver.find_element(By.ID, "task-kind")).select_by_value("thank_you")
    due = driver.find_element(By.ID, "task-due")
    driver.execute_script("arguments[0].value = '2020-01-06'", due)
    submit(driver, driver.find_element(By.ID, "add-task"))
    no_dialog(driver)
    assert driver.current_url.split("#")[0] == page, driver.current_url
    open_tasks = driver.find_element(By.ID, "open-tasks").text
    assert "Thank-you call " + HOSTILE_NOTE in open_tasks and "Overdue" in open_tasks, open_tasks
    shot(driver, "24-person-task")
    driver.get(BASE + "/tasks")
    assert "Anna Jansen" in driver.find_element(By.ID, "task-list").text
    shot(driver, "25-task-inbox")
    driver.find_element(By.CSS_SELECTOR, "#task-list input[name=outcome]").send_keys("Called; delighted")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "#task-list button[value=done]"))
    assert "Anna Jansen" not in text(driver), "a done task leaves the open inbox"
    driver.get(page)
    assert "Called; delighted" in driver.find_element(By.ID, "closed-tasks").text


def test_detractor_feedback_opens_a_task_in_the_inbox(driver):
    driver.get(BASE + "/people?q=jansen")
    submit(driver, driver.find_element(By.LINK_TEXT, "Anna Jansen"))
    page = driver.current_url.split("#")[0]
    driver.find_element(By.CSS_SELECTOR, "#feedback-heading ~ details summary").click()
    Select(driver.find_element(By.ID, "feedback-channel")).select_by_value("survey")
    driver.find_element(By.ID, "feedback-text").send_keys("Nobody called back " + HOSTILE_NOTE)
    Select(driver.find_element(By.ID, "feedback-scale")).select_by_value("nps")
    driver.find_element(By.ID, "feedback-rating").send_keys("3")
    submit(driver, driver.find_element(By.ID, "log-feedback"))
    no_dialog(driver)
    assert driver.current_url.split("#")[0] == page, driver.current_url
    listed = driver.find_element(By.ID, "feedback-list").text
    assert "Nobody called back " + HOSTILE_NOTE in listed and "Detractor: follow-up task opened" in listed, listed
    assert "Close the loop with a detractor" in driver.find_element(By.ID, "open-tasks").text
    shot(driver, "26-person-feedback")
    driver.get(BASE + "/tasks?scope=all")
    inbox = driver.find_element(By.ID, "task-list").text
    assert "Anna Jansen" in inbox and "Close the loop with a detractor" in inbox, inbox
    shot(driver, "27-recovery-task-inbox")


def test_every_page_in_three_languages(driver):
    driver.get(BASE + "/people?q=jansen")
    person = driver.find_element(By.LINK_TEXT, "Anna Jansen").get_attribute("href")
    pages = ["/", "/people", person, person + "/messages", "/gifts", "/campaigns", "/segments", "/segments/new", "/imports", "/duplicates", "/tasks",
             "/surveys", "/feedback", "/events", "/ideas", "/messages", "/plans", "/journey", "/journey/touchpoints", "/journey/stages", "/settings"]
    headings = {"en": "Something is wrong", "nl": "Er ging iets mis", "fr": "Un problème est survenu"}
    for language in ["en", "nl", "fr"]:
        driver.get(BASE + "/people")
        Select(driver.find_element(By.ID, "language-switch")).select_by_value(language)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/language'] button"))
        for page in pages:
            driver.get(page if page.startswith("http") else BASE + page)
            assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, (language, page)
            body = text(driver)
            assert headings[language] not in body and "_" not in driver.find_element(By.TAG_NAME, "h1").text, (language, page, body[:200])
            name = ("person-" + page.rsplit("/", 1)[-1]) if page.startswith("http") else (page.strip("/").replace("/", "-") or "dashboard")
            shot(driver, f"pages-{language}-{name}")
    Select(driver.find_element(By.ID, "language-switch")).select_by_value("en")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/language'] button"))


def test_viewer_cannot_reach_settings(_):
    viewer = browser()
    try:
        sign_in(viewer, VIEWER, VIEWER_PASSWORD)
        assert "Settings" not in viewer.find_element(By.TAG_NAME, "nav").text
        viewer.get(BASE + "/settings")
        assert "Not allowed" in text(viewer), text(viewer)
        shot(viewer, "22-viewer-settings-refused")
    finally:
        viewer.quit()


def test_phone_layout_and_sign_out(driver):
    phone = browser(phone=True)
    try:
        sign_in(phone, ADMIN, ADMIN_PASSWORD)
        phone.get(BASE + "/people?q=jansen")
        submit(phone, phone.find_element(By.LINK_TEXT, "Anna Jansen"))
        shot(phone, "23-person-phone")
        no_sideways_scroll(phone, "the person page")
        submit(phone, phone.find_element(By.ID, "sign-out"))
        assert phone.current_url.endswith("/sign-in")
        phone.get(BASE + "/")
        assert phone.current_url.endswith("/sign-in"), "signed out"
    finally:
        phone.quit()


def run(tests, label="browser tests", prepare=None):
    """Runs `tests` in one browser (after `prepare`, if given), each failure reported with its screenshot; exits non-zero on any."""
    os.makedirs(SHOTS, exist_ok=True)
    driver = browser()
    failures = 0
    try:
        if prepare:
            prepare(driver)
        for test in tests:
            try:
                test(driver)
                print(f"PASS {test.__name__}")
            except Exception:
                failures += 1
                print(f"FAIL {test.__name__}")
                traceback.print_exc()
                shot(driver, f"failed-{test.__name__}")
    finally:
        driver.quit()
    print(f"{len(tests) - failures} of {len(tests)} {label} passed; screenshots in {SHOTS}")
    sys.exit(1 if failures else 0)


def main():
    run([test_sign_in_and_dashboard, test_person_gift_timeline_rollups_dashboard, test_hostile_text_is_shown_as_text,
         test_form_without_csrf_token_is_refused, test_segment_builder_counts_live, test_import_with_a_bad_row,
         test_duplicates_merge_and_undo, test_settings_campaigns_and_giving, test_languages, test_task_from_person_page_to_inbox,
         test_detractor_feedback_opens_a_task_in_the_inbox, test_every_page_in_three_languages, test_viewer_cannot_reach_settings,
         test_phone_layout_and_sign_out])


if __name__ == "__main__":
    main()
