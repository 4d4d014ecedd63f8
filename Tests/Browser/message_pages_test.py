"""Browser tests of messages in a real headless Chromium (selenium): staff write a template in three languages and send
it to a segment; the server's dispatcher writes the email to the outbox ($KINDRED_OUTBOX) with its one-click
unsubscribe headers, only to the person who consented; that person opens the preference centre on a phone in English,
Dutch and French, changes their choices and unsubscribes; staff see the history on the person's page.

Usage: python3 message_pages_test.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD VIEWER_EMAIL VIEWER_PASSWORD SCREENSHOT_DIR
Exits non-zero on any failure.
"""
import email
import email.policy
import glob
import os
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import web_app_test as web

TITLES = {"en": "Your preferences", "nl": "Je voorkeuren", "fr": "Vos préférences"}
SAVED = {"en": "Saved. We honour your choices from now on.", "nl": "Bewaard. We houden vanaf nu rekening met je keuzes.",
         "fr": "Enregistré. Nous respectons vos choix dès maintenant."}


def outbox_email(to, seconds=30):
    """The first .eml in the outbox addressed to `to`, waiting for the dispatcher (it looks every two seconds)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        for path in sorted(glob.glob(os.path.join(os.environ["KINDRED_OUTBOX"], "*.eml"))):
            with open(path, "rb") as file:
                message = email.message_from_binary_file(file, policy=email.policy.default)
            if to in message["To"]:
                return message
        time.sleep(0.5)
    raise AssertionError(f"no email to {to} in the outbox")


def test_template_sent_only_with_consent_then_preferences_on_a_phone(driver):
    admin_key = os.environ["KINDRED_ADMIN_KEY"]
    settings = web.api("GET", "/api/v1/settings/messaging", key=admin_key)
    settings.update({"quietHours": None, "skipWeekends": False, "publicURL": web.BASE, "fromName": "Hope & Co"})
    web.api("PUT", "/api/v1/settings/messaging", settings, key=admin_key)
    yes = web.api("POST", "/api/v1/constituents", {"givenName": "Lotte", "familyName": "Claes", "displayName": "Lotte Claes",
                                                   "emails": ["lotte@example.org"], "preferredLanguage": "nl", "tags": ["spring-mail"]})
    no = web.api("POST", "/api/v1/constituents", {"givenName": "Pieter", "familyName": "Maes", "displayName": "Pieter Maes",
                                                  "emails": ["pieter@example.org"], "tags": ["spring-mail"]})
    web.api("POST", "/api/v1/consent-records", {"constituentId": yes["id"], "channel": "email", "status": "granted",
                                                "recordedAt": "2026-01-01T00:00:00Z", "source": "form"})
    web.api("POST", "/api/v1/segments", {"name": "Spring mailing", "ruleText": 'tag = "spring-mail"'})

    driver.get(web.BASE + "/messages")
    driver.find_element(By.ID, "template-name").send_keys("Spring news " + web.HOSTILE_NAME)
    Select(driver.find_element(By.ID, "template-topic")).select_by_value("newsletter")
    for language, subject, body in [("en", "Spring news, {{givenName|friend}}", "Read what your support did: https://example.org/spring"),
                                    ("nl", "Lentenieuws, {{givenName|vriend}}", "Lees wat je steun deed: https://example.org/lente"),
                                    ("fr", "Nouvelles du printemps, {{givenName|ami}}", "Découvrez ce que votre soutien a permis : https://example.org/printemps")]:
        driver.find_element(By.ID, f"subject-{language}").send_keys(subject)
        driver.find_element(By.ID, f"body-{language}").send_keys(body)
    web.submit(driver, driver.find_element(By.ID, "create-template"))
    assert web.HOSTILE_NAME in driver.find_element(By.ID, "template-list").text, "the name is shown as text"
    web.no_dialog(driver)
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "#template-list tbody tr") if "Spring news" in r.text][0]
    Select(row.find_element(By.CSS_SELECTOR, "select[name=segment]")).select_by_visible_text("Spring mailing")
    web.submit(driver, row.find_element(By.CSS_SELECTOR, "button.send-template"))
    assert "Queued: 1." in web.text(driver) and "Not sent (no consent, cap, declined topic…): 1." in web.text(driver), web.text(driver)[:400]
    web.shot(driver, "50-messages-sent")

    mail = outbox_email("lotte@example.org")
    assert mail["Subject"] == "Lentenieuws, Lotte", mail["Subject"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.search(r"<([^>]+/p/u/km_[^>]+)>", mail["List-Unsubscribe"]).group(1)
    text = mail.get_body(preferencelist=("plain",)).get_content()
    preferences = re.search(r"(\S+/p/pref/km_\S+)", text).group(1)
    assert "Lees wat je steun deed" in text and "Beheer je voorkeuren" in text, text
    assert not any("pieter@example.org" in str(m["To"]) for m in [outbox_email("lotte@example.org")]), "nothing without consent"
    assert not [p for p in glob.glob(os.path.join(os.environ["KINDRED_OUTBOX"], "*.eml")) if "pieter@example.org" in open(p, encoding="utf-8").read()]

    phone = web.browser(phone=True)
    try:
        for language in ["en", "nl", "fr"]:
            phone.get(f"{preferences}?lang={language}")
            assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
            assert phone.find_element(By.TAG_NAME, "h1").text == TITLES[language], phone.find_element(By.TAG_NAME, "h1").text
            assert not phone.find_elements(By.ID, "sign-out"), "no staff frame on a public page"
            web.no_sideways_scroll(phone, f"the preference centre in {language}")
            web.shot(phone, f"51-preferences-phone-{language}")
        phone.get(f"{preferences}?lang=fr")
        phone.find_element(By.CSS_SELECTOR, "input[name=topic][value=appeals]").click()
        phone.find_element(By.CSS_SELECTOR, "input[name=frequency][value=monthly]").click()
        phone.find_element(By.CSS_SELECTOR, "input[name=involvement][value='5']").click()
        phone.find_element(By.CSS_SELECTOR, "input[name=wish][value=volunteering]").click()
        phone.find_element(By.CSS_SELECTOR, "input[name=language][value=fr]").click()
        web.submit(phone, phone.find_element(By.ID, "save-preferences"))
        assert phone.find_element(By.ID, "preferences-notice").text == SAVED["fr"], web.text(phone)[:300]
        assert phone.find_element(By.CSS_SELECTOR, "input[name=frequency][value=monthly]").is_selected()
        web.shot(phone, "52-preferences-saved-fr")
        phone.get(unsubscribe)
        web.submit(phone, phone.find_element(By.ID, "unsubscribe"))
        assert phone.find_element(By.ID, "message-title").text == "Vous êtes désinscrit(e)", web.text(phone)[:200]
        web.shot(phone, "53-unsubscribed-fr")
    finally:
        phone.quit()

    choices = web.api("GET", f"/api/v1/constituents/{yes['id']}/preferences")
    assert choices["choices"]["channels"] == [] and choices["choices"]["preferences"]["frequency"] == "monthly", choices
    assert "appeals" in choices["choices"]["preferences"]["declinedTopics"] and choices["choices"]["involvement"] == 5
    again = web.api("POST", "/api/v1/messages", {"templateId": web.api("GET", "/api/v1/message-templates")["items"][0]["id"], "constituentIds": [yes["id"]]})
    assert again["queued"] == 0 and again["suppressed"] == {"consent_withdrawn": 1}, again
    driver.get(f"{web.BASE}/people/{yes['id']}/messages")
    history = driver.find_element(By.ID, "preference-history").text
    assert "frequency: monthly (preference_centre)" in history and "unsubscribe" in history, history
    web.shot(driver, "54-person-messages")


def prepare(driver):
    web.sign_in(driver, web.ADMIN, web.ADMIN_PASSWORD)


def main():
    web.run([test_template_sent_only_with_consent_then_preferences_on_a_phone], label="message browser tests", prepare=prepare)


if __name__ == "__main__":
    main()
