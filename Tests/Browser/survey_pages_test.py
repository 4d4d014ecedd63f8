"""Browser tests of the public pages in a real headless Chromium (selenium): a survey created by staff, answered on a
phone in English, Dutch and French through an anonymous link; a detractor's answer through a personal link leading to
a follow-up task in the staff inbox; the ideas board used in three languages; hostile text shown as text.

Usage: python3 survey_pages_test.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD VIEWER_EMAIL VIEWER_PASSWORD SCREENSHOT_DIR
Exits non-zero on any failure.
"""
import sys
import traceback

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


def no_sideways_scroll(phone, where):
    width = phone.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"{where} scrolls sideways on a phone ({width}px)"


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
            no_sideways_scroll(phone, f"the survey in {language}")
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
        no_sideways_scroll(phone, "the ideas board")
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


def main():
    tests = [test_survey_answered_on_a_phone_in_three_languages, test_detractor_answer_on_a_personal_link_opens_a_task,
             test_ideas_board_on_a_phone_in_three_languages]
    driver = web.browser()
    failures = 0
    try:
        web.sign_in(driver, web.ADMIN, web.ADMIN_PASSWORD)
        web.create_person(driver, "Mila", "Verbruggen")
        for test in tests:
            try:
                test(driver)
                print(f"PASS {test.__name__}")
            except Exception:
                failures += 1
                print(f"FAIL {test.__name__}")
                traceback.print_exc()
                web.shot(driver, f"failed-{test.__name__}")
    finally:
        driver.quit()
    print(f"{len(tests) - failures} of {len(tests)} survey browser tests passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
