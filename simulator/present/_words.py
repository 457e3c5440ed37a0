"""The words of the trainee's interface, in English and Indonesian."""

from __future__ import annotations

from simulator.scenario._model import FALLBACK_LANGUAGE

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
        "saved": "Session {id} saved. Your report:\n{path}",
        "not_saved": "Not recorded (--no-save).",
        "empathy_gap": "{customer} showed {emotion} here; your reply was worth {got:g} "
                       "empathy points, the best reply here {best:g}.",
        "speed_late": "{action} at {at}; the best path does it at {best} (full credit until "
                      "{full}, none from {deadline}).",
        "speed_never": "{action} never happened, and it is the most urgent step of this call.",
        "speed_handle": "The call took {took}; the best path takes {best} (full credit up to "
                        "{full}).",
        "escalation_missing": "{action} was never done, and this call needs it.",
        "escalation_order": "{then} came before {first}; {first} must come first.",
        "escalation_needless": "{action} was not needed in this call.",
        "critical_missing": "The call ended without any of: {actions}.",
        "scores": "Scores",
        "passed": "PASSED",
        "failed": "FAILED",
        "critical_errors": "Critical errors (automatic fail)",
        "top_findings": "Where the points went",
        "better": "Better",
        "turn": "turn",
        "pass_mark": "pass mark {mark:g}",
        "why_critical": "a critical error fails the call",
        "why_ending": "the call did not end in success: {outcome}",
        "why_below": "the overall score is below the pass mark",
        "no_findings": "No points lost on empathy, speed or escalation.",
        "more_findings": "... and {n} more in the report.",
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
        "saved": "Sesi {id} disimpan. Laporan Anda:\n{path}",
        "not_saved": "Tidak dicatat (--no-save).",
        "empathy_gap": "{customer} menunjukkan emosi ({emotion}) di sini; jawaban Anda "
                       "bernilai {got:g} poin empati, jawaban terbaik di sini {best:g}.",
        "speed_late": "{action} pada {at}; jalur terbaik melakukannya pada {best} (nilai penuh "
                      "sampai {full}, nol mulai {deadline}).",
        "speed_never": "{action} tidak pernah dilakukan, padahal itu langkah paling mendesak "
                       "dalam panggilan ini.",
        "speed_handle": "Panggilan berlangsung {took}; jalur terbaik {best} (nilai penuh "
                        "sampai {full}).",
        "escalation_missing": "{action} tidak pernah dilakukan, padahal panggilan ini "
                              "membutuhkannya.",
        "escalation_order": "{then} dilakukan sebelum {first}; {first} harus lebih dulu.",
        "escalation_needless": "{action} tidak diperlukan dalam panggilan ini.",
        "critical_missing": "Panggilan berakhir tanpa salah satu dari: {actions}.",
        "scores": "Nilai",
        "passed": "LULUS",
        "failed": "TIDAK LULUS",
        "critical_errors": "Kesalahan kritis (otomatis tidak lulus)",
        "top_findings": "Ke mana poin Anda hilang",
        "better": "Lebih baik",
        "turn": "giliran",
        "pass_mark": "batas lulus {mark:g}",
        "why_critical": "kesalahan kritis membuat panggilan tidak lulus",
        "why_ending": "panggilan tidak berakhir dengan berhasil: {outcome}",
        "why_below": "nilai keseluruhan di bawah batas lulus",
        "no_findings": "Tidak ada poin yang hilang untuk empati, kecepatan, atau eskalasi.",
        "more_findings": "... dan {n} lagi di laporan.",
    },
}


_EMOTIONS: dict[str, dict[str, str]] = {
    "id": {
        "fear": "takut", "panic": "panik", "anger": "marah", "distress": "tertekan",
        "relief": "lega", "worry": "cemas", "anxiety": "cemas", "confusion": "bingung",
        "sadness": "sedih", "shame": "malu", "frustration": "frustrasi",
        "embarrassment": "malu", "gratitude": "bersyukur", "exhaustion": "kelelahan",
        "suspicion": "curiga", "hope": "berharap", "grief": "berduka",
    },
}


def emotion(lang: str, name: str) -> str:
    """An emotion id (`fear`) as the trainee's language names it."""
    return _EMOTIONS.get(lang, {}).get(name, name.replace("-", " "))


def message(lang: str, key: str, **values: object) -> str:
    """An interface message in `lang` (English when missing), with `values` filled in."""
    table = _MESSAGES.get(lang, _MESSAGES[FALLBACK_LANGUAGE])
    return table.get(key, _MESSAGES[FALLBACK_LANGUAGE][key]).format(**values)


def clock(seconds: float) -> str:
    """Simulated time as mm:ss."""
    whole = round(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"
