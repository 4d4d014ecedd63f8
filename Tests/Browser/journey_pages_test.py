"""Browser tests of the supporter journey in a real headless Chromium (selenium): staff add touchpoints from the form
(hostile names shown as text), the journey map shows the funnel, every stage with its touchpoints and coverage gaps,
site searches that found nothing and donation-form friction, in English, Dutch and French and on a phone; an admin
renames a stage and the map follows; the person page shows the stage.

Usage: python3 journey_pages_test.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD VIEWER_EMAIL VIEWER_PASSWORD SCREENSHOT_DIR
Exits non-zero on any failure.
"""
import datetime
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import web_app_test as web

HEADINGS = {"en": "Supporter journey", "nl": "Reis van de supporter", "fr": "Parcours du sympathisant"}
GAPS = {"en": "No content serves this stage.", "nl": "Geen inhoud bedient deze fase.", "fr": "Aucun contenu ne sert cette étape."}


def days_ago(days):
    return (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def seed():
    """A donor who came through the donation form on a phone after reading a story, and a searcher who found nothing."""
    donor = web.api("POST", "/api/v1/constituents", {"givenName": "Jana", "familyName": "Peeters", "displayName": "Jana Peeters"})
    searcher = web.api("POST", "/api/v1/constituents", {"givenName": "Sam", "familyName": "Zoekers", "displayName": "Sam Zoekers"})
    for person, kind, days, properties in [
        (donor, "page_viewed", 9, {"url": "https://example.org/stories/water", "device": "mobile"}),
        (donor, "donation_form_started", 3, {"url": "https://example.org/donate", "device": "mobile"}),
        (donor, "donation_form_error", 3, {"url": "https://example.org/donate", "device": "mobile", "error": "Card declined"}),
        (donor, "donation_form_completed", 3, {"url": "https://example.org/donate", "device": "mobile"}),
        (searcher, "site_searched", 2, {"query": web.HOSTILE_NOTE, "results": 0}),
        (searcher, "donation_form_started", 1, {"url": "https://example.org/donate", "device": "desktop"}),
    ]:
        web.api("POST", "/api/v1/interactions", {"constituentId": person["id"], "type": kind, "channel": "web", "direction": "inbound",
                                                 "occurredAt": days_ago(days), "properties": properties})
    web.api("POST", "/api/v1/gifts", {"constituentId": donor["id"], "amountMinor": 2500, "currency": "EUR", "receivedAt": days_ago(3),
                                      "channel": "online", "device": "mobile"})
    web.api("POST", "/api/v1/journey/placements", key=os.environ["KINDRED_ADMIN_KEY"])
    return donor


def add_touchpoint(driver, name, kind, match, stages):
    driver.get(web.BASE + "/journey/touchpoints")
    driver.find_element(By.ID, "touchpoint-name").send_keys(name)
    Select(driver.find_element(By.ID, "touchpoint-kind")).select_by_value(kind)
    driver.find_element(By.ID, "touchpoint-match").send_keys(match)
    for stage in stages:
        driver.find_element(By.ID, f"touchpoint-stage-{stage}").click()
    web.submit(driver, driver.find_element(By.ID, "create-touchpoint"))


def test_touchpoints_and_the_journey_map(driver):
    donor = seed()
    add_touchpoint(driver, "Donate form " + web.HOSTILE_NAME, "form", "/donate", ["donation"])
    add_touchpoint(driver, "Water story", "web_page", "https://example.org/stories", ["discovery", "cultivation"])
    listed = driver.find_element(By.ID, "touchpoint-list").text
    assert "Donate form " + web.HOSTILE_NAME in listed and "Water story" in listed, listed
    web.no_dialog(driver)
    web.shot(driver, "60-touchpoints")

    for language in ["en", "nl", "fr"]:
        Select(driver.find_element(By.ID, "language-switch")).select_by_value(language)
        web.submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/language'] button"))
        driver.get(web.BASE + "/journey")
        assert driver.find_element(By.TAG_NAME, "h1").text == HEADINGS[language], driver.find_element(By.TAG_NAME, "h1").text
        assert GAPS[language] in driver.find_element(By.ID, "stage-advocacy").text
        assert GAPS[language] not in driver.find_element(By.ID, "stage-donation").text
        web.no_dialog(driver)
        web.shot(driver, f"61-journey-{language}")
    Select(driver.find_element(By.ID, "language-switch")).select_by_value("en")
    web.submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/language'] button"))

    driver.get(web.BASE + "/journey")
    donation = driver.find_element(By.ID, "stage-donation").text
    assert "Donate form " + web.HOSTILE_NAME in donation and "Mobile: 1" in donation, donation
    funnel = driver.find_element(By.ID, "funnel").text
    assert "Donation" in funnel and "Awareness" in funnel, funnel
    assert web.HOSTILE_NOTE in driver.find_element(By.ID, "search-missing").text, "a hostile search term is shown as text"
    friction = driver.find_element(By.ID, "form-friction").text
    assert "/donate" in friction and "Card declined" in friction, friction
    web.no_dialog(driver)
    Select(driver.find_element(By.ID, "journey-device")).select_by_value("mobile")
    web.submit(driver, driver.find_element(By.CSS_SELECTOR, "#journey-filter button"))
    assert "device=mobile" in driver.current_url and "source=&" in driver.current_url, driver.current_url
    assert driver.find_element(By.TAG_NAME, "h1").text == HEADINGS["en"], web.text(driver)[:300]
    web.shot(driver, "62-journey-mobile-donors")

    driver.get(web.BASE + "/journey/stages")
    name = driver.find_element(By.ID, "name_donation")
    name.clear()
    name.send_keys("Giving")
    web.submit(driver, driver.find_element(By.ID, "save-stages"))
    driver.get(web.BASE + "/journey")
    assert driver.find_element(By.ID, "stage-donation-heading").text.startswith("Giving")
    driver.get(f"{web.BASE}/people/{donor['id']}")
    assert driver.find_element(By.ID, "journey-stage").text.startswith("Journey stage: Giving"), driver.find_element(By.ID, "journey-stage").text

    phone = web.browser(phone=True)
    try:
        web.sign_in(phone, web.ADMIN, web.ADMIN_PASSWORD)
        phone.get(web.BASE + "/journey")
        web.shot(phone, "63-journey-phone")
        web.no_sideways_scroll(phone, "the journey map")
    finally:
        phone.quit()


def prepare(driver):
    web.sign_in(driver, web.ADMIN, web.ADMIN_PASSWORD)


def main():
    web.run([test_touchpoints_and_the_journey_map], label="journey browser tests", prepare=prepare)


if __name__ == "__main__":
    main()
