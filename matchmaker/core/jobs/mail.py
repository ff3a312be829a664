"""Sending e-mail through the configured SMTP server, or logging it in development."""

import smtplib
from email.message import EmailMessage

from flask import current_app

from matchmaker.core.plain_text import single_line


def send_email(to: str, subject: str, body: str) -> bool:
    """Send a plain-text e-mail; without MAIL_SERVER, log it and return False."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.warning(
            "MAIL_SERVER is not set; e-mail to %s not sent.\nSubject: %s\n%s", to, subject, body
        )
        return False
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = single_line(subject)  # a line break in a header is refused
    message.set_content(body)
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
    return True
