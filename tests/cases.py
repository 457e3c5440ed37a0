"""Scenarios written to test scoring's validity: one balanced call that no surface strategy
passes, and one where the best reply is always the longest in English (and the shortest in
Indonesian)."""

from __future__ import annotations

# A card theft: the best reply is never the longest, the warmest, the one with the name,
# the one that echoes or names services, nor the one with a question; random play passes
# 8 % of 200 calls. `validate` finds nothing to warn about.
CARD = """\
format: 1
id: card-theft
title: Card theft
summary: Someone is spending a customer's money with her card.
customer: {name: Ana Lima}
start: opening
actions:
  block-card: {label: Card blocked, verb: block the card}
  open-case: {label: Refund case opened, verb: open a refund case}
states:
  opening:
    customer: Someone took money from my card! What do I do?
    emotion: fear
    choices:
      - id: block
        text: Our procedure is quick. I'm blocking the card now.
        next: blocked
        actions: [block-card]
        behaviours: [reassure, ownership]
      - id: soothe
        text: Oh Ana, I'm so sorry, I understand how scary this is. Please don't worry, we'll
          sort it out together, I promise. How are you feeling?
        next: still-open
        behaviours: [acknowledge, reassure, explore]
        feedback: Kind, but the thief keeps spending while you talk. Block the card first.
      - id: look-first
        text: One moment while I look at your account.
        next: still-open
        feedback: Nothing needs looking at before the block; block first.
      - id: police
        text: Report it to the police; they block cards.
        next: sent-away
        feedback: Blocking the card is your job, and it takes seconds.
      - id: verify
        text: So someone took money from your card? For your security, what is your full card
          number and date of birth?
        next: still-open
        behaviours: [scripted]
        feedback: Blocking a card needs no security questions; every minute costs her money.
  still-open:
    customer: It's still not blocked? They're spending my money right now!
    emotion: anger
    choices:
      - id: block-late
        text: You're right. Blocked, this second.
        next: blocked-late
        actions: [block-card]
        behaviours: [ownership]
      - id: more-soothing
        text: I'm so sorry, Ana, I truly understand how upsetting it is to see your money spent
          like this.
        next: money-gone
        behaviours: [apologise, acknowledge]
        feedback: Words do not stop the spending; the block does.
      - id: put-through
        text: One moment, I'll put you through to card services.
        next: money-gone
        feedback: Another queue while the money goes. Block it yourself.
  blocked:
    customer: Thank you. Will I get my money back?
    choices:
      - id: refund-case
        text: I've opened a refund case for those payments; you'll hear from us within five
          days. Is there anything else I can help you with?
        next: safe
        actions: [open-case]
      - id: promise
        text: Ana, please don't worry at all about the money. I'm absolutely sure you will get
          every single cent back, I promise you that; it always works out!
        next: no-refund
        feedback: A promise is no refund. Open the case, then tell her what happens next.
      - id: wait-and-see
        text: Let's wait and see what the bank says?
        next: no-refund
        feedback: She needs a case opened now, not a wait.
      - id: billing
        text: Billing handles refunds. Shall I give you their number?
        next: no-refund
        feedback: The refund case is yours to open, and it takes a minute.
  blocked-late:
    customer: How much did they take?
    choices:
      - id: refund-late
        text: Three payments. I've opened a refund case for all of them.
        next: late-refund
        actions: [open-case]
      - id: shrug
        text: I'm afraid I can't see the payments from here, so I'm sorry, but I have no way to
          tell you that.
        next: late-refund
        feedback: You can see the payments; open the refund case for them.
endings:
  safe: {outcome: safe, text: The card was blocked at once and the refund is on its way.}
  no-refund: {outcome: partial, text: The card was blocked but nobody opened a refund case.}
  sent-away: {outcome: failed, text: She queued at the police station while the money went.}
  money-gone: {outcome: harmed, text: The account was emptied before anyone blocked the card.}
  late-refund: {outcome: partial, text: The card was blocked late; some money is lost.}
scoring:
  escalations:
    required: [block-card, open-case]
    order: [[block-card, open-case]]
walkthroughs:
  - name: best
    choices: [block, refund-case]
    ending: safe
    passed: true
    scores: {overall: [100, 100]}
"""

# A lost parcel: in English the best reply is the longer one at both moments; in
# Indonesian, the shorter one.
LONG = """\
format: 1
id: long-best
title: {en: Lost parcel, id: Paket hilang}
summary: {en: A parcel went missing., id: Sebuah paket hilang.}
languages: [en, id]
customer: {name: Budi Santoso}
shuffle: false
start: opening
actions:
  trace: {label: {en: Trace started, id: Pelacakan dimulai}}
states:
  opening:
    customer: {en: My parcel never came., id: Paket saya tidak pernah datang.}
    choices:
      - id: trace
        text: {en: "Let me start a trace on it straight away and find out where it is.",
               id: "Saya lacak."}
        next: traced
        actions: [trace]
      - id: wait
        text: {en: Wait a week., id: "Tunggu seminggu lagi saja, biasanya paket datang terlambat."}
        next: lost
        feedback: {en: A week is too long to wait., id: Seminggu terlalu lama.}
  traced:
    customer: {en: Where is it?, id: Di mana?}
    choices:
      - id: tell
        text: {en: "It is at the depot; I have booked it for delivery tomorrow morning.",
               id: "Di gudang."}
        next: found
      - id: guess
        text: {en: No idea., id: "Mungkin masih di jalan, coba tanyakan kurirnya besok pagi."}
        next: lost
        feedback: {en: The trace shows where it is., id: Pelacakan menunjukkan lokasinya.}
endings:
  found: {outcome: safe, text: {en: It came the next day., id: Paketnya datang besok.}}
  lost: {outcome: failed, text: {en: It was never found., id: Paketnya tidak ditemukan.}}
scoring:
  escalations: {required: [trace]}
walkthroughs:
  - name: best
    choices: [trace, tell]
    ending: found
    scores: {overall: [100, 100]}
"""
