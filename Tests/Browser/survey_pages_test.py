"""Browser tests of the public pages in a real headless Chromium (selenium): a survey created by staff, answered on a
phone in English, Dutch and French through an anonymous link; a detractor's answer through a personal link leading to
a follow-up task in the staff inbox; the ideas board used in three languages; hostile text shown as text.

Usage: python3 survey_pages_test.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD VIEWER_EMAIL VIEWER_PASSWORD SCREENSHOT_DIR
Exits non-zero on any failure.
"""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import web_app_test as web

WORDS = {
    "en": {"title": "Tell us how we are doing", "required": "Please answer this question.", "thanks": "Thank you!"},
    "nl": {"title": "Vertel ons hoe we het doen", "required": "Beantwoord deze vraag.", "thanks": "Dank je wel!"},
    "fr": {"title": "Votre avis nous intéresse", "required": "Veuillez répondre à cette question.", "thanks": "Merci !"},
}


def create_survey(driver, name):
    driver.get(web.BASE + "/surveys")
    driver.find_element(By.ID, "survey-name").send_keys(name)
    Select(driver.find_element(By.ID, "survey-template")).select_by_value("nps")
    web.submit(driver, driver.find_element(By.ID, "create-survey"))
    return driver.current_url


def answer(phone, score, reason):
    phone.find_element(By.CSS_SELECTOR, f"input[name='q.recommend'][value='{score}']").click()
    phone.find_element(By.ID, "why-recommend").send_keys(reason)
    web.submit(phone, phone.find_element(By.ID, "send-answers"))


def test_survey_answered_on_a_phone_in_three_languages(driver):
    survey = create_survey(driver, "Open day survey")
    web.submit(driver, driver.find_element(By.ID, "make-anonymous-link"))
    link = driver.find_element(By.ID, "survey-link").get_attribute("value")
    assert "/p/s/ks_" in link, link
    web.shot(driver, "30-survey-anonymous-link")
    phone = web.browser(phone=True)
    try:
        for language, words in WORDS.items():
            phone.get(link if language == "en" else f"{link}?lang={language}")
            assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
            assert phone.find_element(By.TAG_NAME, "h1").text == words["title"], phone.find_element(By.TAG_NAME, "h1").text
            assert "Sign in" not in web.text(phone) and not phone.find_elements(By.ID, "sign-out"), "no staff frame on a public page"
            web.no_sideways_scroll(phone, f"the survey in {language}")
            web.shot(phone, f"31-survey-phone-{language}")
            web.submit(phone, phone.find_element(By.ID, "send-answers"))
            assert phone.find_element(By.ID, "problem-recommend").text == words["required"], web.text(phone)[:300]
            answer(phone, 9, f"Goed georganiseerd ({language}) " + web.HOSTILE_NAME)
            web.no_dialog(phone)
            assert phone.find_element(By.ID, "message-title").text == words["thanks"], web.text(phone)[:300]
            web.shot(phone, f"32-survey-thanks-{language}")
    finally:
        phone.quit()
    driver.get(survey)
    assert driver.find_element(By.ID, "survey-response-count").text == "3"
    verbatims = driver.find_element(By.CSS_SELECTOR, "ul.verbatims").text
    assert web.HOSTILE_NAME in verbatims, verbatims
    web.no_dialog(driver)
    web.shot(driver, "33-survey-results")


def test_detractor_answer_on_a_personal_link_opens_a_task(driver):
    driver.get(web.BASE + "/tasks?scope=all")
    before = web.text(driver).count("Close the loop with a detractor")
    driver.get(web.BASE + "/people?q=verbruggen")
    web.submit(driver, driver.find_element(By.LINK_TEXT, "Mila Verbruggen"))
    Select(driver.find_element(By.ID, "survey-choice")).select_by_visible_text("Open day survey")
    web.submit(driver, driver.find_element(By.ID, "make-survey-link"))
    link = driver.find_element(By.ID, "survey-link").get_attribute("value")
    web.shot(driver, "34-personal-survey-link")
    phone = web.browser(phone=True)
    try:
        phone.get(link)
        answer(phone, 3, "Nobody called back " + web.HOSTILE_NOTE)
        web.no_dialog(phone)
        assert phone.find_element(By.ID, "message-title").text == "Thank you!"
        phone.get(link)
        assert phone.find_element(By.ID, "message-title").text == "You have already answered", "a personal link takes one answer"
        web.shot(phone, "35-personal-link-answered")
    finally:
        phone.quit()
    driver.get(web.BASE + "/tasks?scope=all")
    inbox = driver.find_element(By.ID, "task-list").text
    assert inbox.count("Close the loop with a detractor") == before + 1 and "Mila Verbruggen" in inbox, inbox
    web.shot(driver, "36-survey-detractor-task")


def test_ideas_board_on_a_phone_in_three_languages(_):
    phone = web.browser(phone=True)
    try:
        phone.get(web.BASE + "/p/ideas?lang=nl")
        assert phone.find_element(By.TAG_NAME, "h1").text == "Ideeënbord"
        phone.find_element(By.ID, "idea-title").send_keys("Open dag op de boerderij " + web.HOSTILE_NAME)
        phone.find_element(By.ID, "idea-body").send_keys("Met de kinderen")
        web.submit(phone, phone.find_element(By.ID, "propose"))
        web.no_dialog(phone)
        assert phone.find_element(By.ID, "board-notice").text == "Dank je! Je idee staat op het bord.", web.text(phone)[:300]
        assert web.HOSTILE_NAME in phone.find_element(By.ID, "idea-list").text
        web.no_sideways_scroll(phone, "the ideas board")
        web.shot(phone, "37-ideas-board-nl")
        phone.get(web.BASE + "/p/ideas?lang=fr")
        web.submit(phone, phone.find_element(By.CSS_SELECTOR, "#idea-list button.vote"))
        assert phone.find_element(By.ID, "board-notice").text == "Merci, votre vote est compté.", web.text(phone)[:300]
        assert phone.find_element(By.CSS_SELECTOR, "#idea-list .idea-votes").text == "1"
        web.shot(phone, "38-ideas-vote-fr")
        phone.get(web.BASE + "/p/ideas?lang=en")
        web.submit(phone, phone.find_element(By.CSS_SELECTOR, "#idea-list button.vote"))
        assert phone.find_element(By.ID, "board-notice").text == "You have already voted for this idea.", "one vote per browser"
        assert phone.find_element(By.CSS_SELECTOR, "#idea-list .idea-votes").text == "1"
        web.shot(phone, "39-ideas-vote-again-en")
    finally:
        phone.quit()


def test_supporter_event_registration_check_in_and_survey_on_a_phone(_):
    survey = web.api("POST", "/api/v1/surveys", {"name": "After the open day", "template": "csat"})
    event = web.api("POST", "/api/v1/supporter-events", {"name": "Journée portes ouvertes", "startsAt": "2030-09-01T10:00:00Z", "capacity": 30,
                                                       "location": "Bruxelles", "surveyId": survey["id"]})
    phone = web.browser(phone=True)
    try:
        phone.get(f"{web.BASE}/p/e/{event['id']}?lang=fr")
        assert phone.find_element(By.TAG_NAME, "h1").text == "Journée portes ouvertes"
        assert phone.find_element(By.ID, "places-left").text == "30"
        phone.find_element(By.ID, "given-name").send_keys("Lise")
        phone.find_element(By.ID, "family-name").send_keys("Dupont " + web.HOSTILE_NOTE)
        phone.find_element(By.ID, "email").send_keys("lise.dupont@example.org")
        web.submit(phone, phone.find_element(By.ID, "register"))
        web.no_dialog(phone)
        assert phone.find_element(By.ID, "event-notice").text.startswith("Vous êtes inscrit."), web.text(phone)[:300]
        link = phone.find_element(By.ID, "registration-link").get_attribute("value")
        web.no_sideways_scroll(phone, "the event page")
        web.shot(phone, "40-event-registered-fr")
        person = web.api("GET", f"/api/v1/supporter-events/{event['id']}/registrations")["items"][0]["constituentId"]
        web.api("POST", f"/api/v1/supporter-events/{event['id']}/check-ins", {"constituentId": person})
        phone.get(link)
        assert phone.find_element(By.ID, "registration-status").text == "Merci d'être venu !"
        web.submit(phone, phone.find_element(By.ID, "post-event-survey"))
        assert "/p/s/ks_" in phone.current_url and "Dans quelle mesure" in web.text(phone), phone.current_url
        phone.find_element(By.CSS_SELECTOR, "input[name='q.satisfaction'][value='2']").click()
        phone.find_element(By.ID, "why-satisfaction").send_keys("Trop de monde, personne pour nous accueillir")
        web.submit(phone, phone.find_element(By.ID, "send-answers"))
        assert phone.find_element(By.ID, "message-title").text == "Merci !"
        web.shot(phone, "41-post-event-survey-fr")
    finally:
        phone.quit()
    tasks = web.api("GET", f"/api/v1/tasks?constituentId={person}")["items"]
    assert any(task["kind"] == "service_recovery" for task in tasks), "a CSAT of 2 after the event opens a follow-up"


def prepare(driver):
    web.sign_in(driver, web.ADMIN, web.ADMIN_PASSWORD)
    web.create_person(driver, "Mila", "Verbruggen")


def main():
    web.run([test_survey_answered_on_a_phone_in_three_languages, test_detractor_answer_on_a_personal_link_opens_a_task,
             test_ideas_board_on_a_phone_in_three_languages, test_supporter_event_registration_check_in_and_survey_on_a_phone],
            label="public-page browser tests", prepare=prepare)


if __name__ == "__main__":
    main()
