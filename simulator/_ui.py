"""The words of the trainee's interface, in English and Indonesian."""

from __future__ import annotations

from simulator.model import FALLBACK_LANGUAGE

LANGUAGES = ("en", "id")

_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "calling": "Incoming call",
        "profile": "Subscriber record",
        "mood": "Sounds",
        "time": "Time",
        "you": "You",
        "prompt": "Your reply",
        "wrong_key": "Please type a number from 1 to {n}.",
        "ended": "The call has ended",
        "outcome": "Outcome",
        "outcome_safe": "safe",
        "outcome_partial": "partial",
        "outcome_failed": "failed",
        "outcome_harmed": "harmed",
        "success": "success",
        "not_success": "not a success",
        "forced": "{meter} reached its limit.",
        "handled": "Simulated time {clock}, {turns} replies.",
        "debrief": "Debrief",
        "abandoned": "Call abandoned at turn {turns}: the session is kept as abandoned.",
        "answers_ran_out": "The answers ended before the call did: the call is abandoned.",
    },
    "id": {
        "calling": "Panggilan masuk",
        "profile": "Data pelanggan",
        "mood": "Terdengar",
        "time": "Waktu",
        "you": "Anda",
        "prompt": "Jawaban Anda",
        "wrong_key": "Ketik angka dari 1 sampai {n}.",
        "ended": "Panggilan telah berakhir",
        "outcome": "Hasil",
        "outcome_safe": "aman",
        "outcome_partial": "sebagian",
        "outcome_failed": "gagal",
        "outcome_harmed": "celaka",
        "success": "berhasil",
        "not_success": "tidak berhasil",
        "forced": "{meter} mencapai batasnya.",
        "handled": "Waktu simulasi {clock}, {turns} jawaban.",
        "debrief": "Evaluasi",
        "abandoned": "Panggilan dihentikan pada giliran {turns}: sesi disimpan sebagai "
                     "dihentikan.",
        "answers_ran_out": "Jawaban habis sebelum panggilan selesai: panggilan dihentikan.",
    },
}


def message(lang: str, key: str, **values: object) -> str:
    """An interface message in `lang` (English when missing), with `values` filled in."""
    table = _MESSAGES.get(lang, _MESSAGES[FALLBACK_LANGUAGE])
    return table.get(key, _MESSAGES[FALLBACK_LANGUAGE][key]).format(**values)


def clock(seconds: float) -> str:
    """Simulated time as mm:ss."""
    whole = round(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"
