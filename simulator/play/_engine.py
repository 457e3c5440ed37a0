"""Play a scenario: one `transitions` state machine per scenario, sessions as its models.

This is the only module that imports `transitions`. Each reply is a transition of the
`choose` event, guarded by the reply's conditions, one per target it can lead to (the
conditional targets first, the default last); a silence that moves the call on is a
transition of the `silence` event; each meter limit is a transition of the `reach_limit`
event to its ending.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from transitions import Machine, MachineError

from simulator.errors import ChoiceError
from simulator.play._session import Session, Silenced, Turn
from simulator.scenario import Choice, Limit, Meter, Scenario, State, Target, pick

_CHOOSE = "choose"
_SILENCE = "silence"
_REACH_LIMIT = "reach_limit"


class _Machine(Machine):
    """A Machine that binds no convenience methods (`is_<state>`, `<trigger>()`) onto its
    models: the engine fires events itself, so a session stays small and quick to add
    however many states the scenario has."""

    def _add_model_to_state(self, state: Any, model: Any) -> None:
        pass

    def _add_trigger_to_model(self, trigger: str, model: Any) -> None:
        pass


class Engine:
    """Moves sessions of one scenario from state to state, deterministically."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        on = _Callbacks(scenario)
        self._machine = _Machine(
            model=None,
            states=[*scenario.states, *scenario.endings],
            initial=scenario.start,
            auto_transitions=False,
            send_event=True,
        )
        for state in scenario.states.values():
            for choice in state.choices:
                apply = on.apply(choice)
                for target in choice.targets:  # first that holds wins: added in order
                    self._machine.add_transition(
                        _CHOOSE, source=state.id, dest=target.to,
                        conditions=[on.guard(choice), on.holds(target)], before=[apply])
                self._machine.add_transition(
                    _CHOOSE, source=state.id, dest=choice.next,
                    conditions=[on.guard(choice)], before=[apply])
            if state.silence is not None:
                self._machine.add_transition(
                    _SILENCE, source=state.id, dest=state.silence.next,
                    before=[on.quiet(state)])
        talking: list[Any] = list(scenario.states)
        self._has_limits = any(meter.ends for meter in scenario.meters.values())
        for meter in scenario.meters.values():
            for limit in meter.ends:
                self._machine.add_transition(
                    _REACH_LIMIT, source=talking, dest=limit.ending,
                    conditions=[on.crossed(meter, limit)], before=[on.force(meter)])

    # -- the public surface ------------------------------------------------------------------

    def start(self, *, seed: int, lang: str = "en", trainee: str = "",
              timed: bool = False) -> Session:
        """A new session at the start of the call."""
        session = Session(
            scenario=self.scenario.id, digest=self.scenario.digest, seed=seed, lang=lang,
            trainee=trainee, timed=timed,
            meters={m.id: m.start for m in self.scenario.meters.values()})
        self._machine.add_model(session, initial=self.scenario.start)
        return session

    def resume(self, session: Session) -> None:
        """Take a saved session back into play where it stopped."""
        if session.scenario != self.scenario.id:
            raise ChoiceError(f"this session is of scenario '{session.scenario}', "
                              f"not '{self.scenario.id}'")
        if session.state not in self._machine.states:
            raise ChoiceError(f"this session stopped at '{session.state}', which scenario "
                              f"'{self.scenario.id}' no longer has")
        self._machine.add_model(session, initial=session.state)

    def release(self, session: Session) -> None:
        """Stop tracking a session (it keeps its data)."""
        if session in self._machine.models:
            self._machine.remove_model(session)

    def choices(self, session: Session) -> tuple[Choice, ...]:
        """The replies on offer now, in the order the trainee sees them."""
        state = self.scenario.states.get(session.state)
        if state is None:
            return ()
        offered = [c for c in state.choices if c.allowed(session.flags, session.meters)]
        if self.scenario.shuffle:
            # A string seed is hashed the same way on every run and platform.
            random.Random(f"{session.seed}/{len(session.turns)}/{state.id}").shuffle(offered)
        return tuple(offered)

    def variant(self, session: Session) -> int | None:
        """Which of the current state's variants the customer's words are now (None: the
        state's own words): the first whose condition holds."""
        state = self.scenario.states.get(session.state)
        if state is None or not state.variants:
            return None
        return pick(state.variants, session.flags, session.meters, _previous(session))

    def choose(self, session: Session, choice_id: str, thinking: float = 0.0) -> Turn:
        """Give the reply `choice_id` and return the turn it made; ChoiceError if not on offer."""
        if session.ending is not None:
            raise ChoiceError("the call has already ended")
        state = self.scenario.states[session.state]
        choice = state.choice(choice_id)
        if choice is None or not choice.allowed(session.flags, session.meters):
            raise ChoiceError(f"'{choice_id}' is not a reply on offer at '{state.id}'")
        shown = self.variant(session)
        try:
            self._machine.events[_CHOOSE].trigger(session, choice=choice,
                                                  thinking=max(0.0, thinking))
        except MachineError as err:
            raise ChoiceError(f"cannot reply '{choice_id}' now: {err.value}") from None
        turn = session.turns[-1]
        turn.variant = shown
        self._after_move(session)
        turn.next = session.state
        return turn

    def silence(self, session: Session) -> Silenced | None:
        """The trainee said nothing for as long as the state's silence allows: the customer
        speaks again, meters jump, the call may move on. None where the state has none."""
        state = self.scenario.states.get(session.state)
        if session.ending is not None or state is None or state.silence is None:
            return None
        try:
            self._machine.events[_SILENCE].trigger(session)
        except MachineError as err:
            raise ChoiceError(f"cannot keep silent now: {err.value}") from None
        heard = session.silences[-1]
        self._after_move(session)
        heard.next = session.state
        return heard

    def abandon(self, session: Session) -> None:
        """Mark a call that stopped before its ending (Ctrl-C, end of input)."""
        if session.ending is None:
            session.status = "abandoned"
        self.release(session)

    def replay(self, path: list[str] | tuple[str, ...], *, seed: int = 0,
               lang: str = "en") -> Session:
        """Play the replies in `path` from the start, stopping at the ending."""
        session = self.start(seed=seed, lang=lang)
        for choice_id in path:
            if session.ending is not None:
                break
            self.choose(session, choice_id)
        return session

    # -- moving on ---------------------------------------------------------------------------

    def _after_move(self, session: Session) -> None:
        """Meter limits, then the ending and the words it is told in."""
        if self._has_limits and not self.scenario.is_ending(session.state):
            self._machine.events[_REACH_LIMIT].trigger(session)
        ending = self.scenario.endings.get(session.state)
        if ending is not None:
            session.ending = session.state
            session.status = "completed"
            session.ending_variant = pick(ending.variants, session.flags, session.meters,
                                          _previous(session))
            self.release(session)

class _Callbacks:
    """What the machine's transitions check and do: a reply's guard and effects, a target's
    condition, a silence, a meter limit. Time passes with every meter at its pace."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario

    def advance(self, session: Session, state: str, seconds: float,
                 change: Any = None) -> None:
        """Let `seconds` pass at `state` (meters at their pace), then apply a `change`."""
        session.clock += seconds
        flags, before = session.flags, dict(session.meters)
        for meter in self.scenario.meters.values():
            rate = meter.rate(flags, before, state)
            value = session.meters[meter.id] + rate * seconds / 60.0
            if change:
                value += change.get(meter.id, 0.0)
            session.meters[meter.id] = round(meter.clamp(value), 6)

    def guard(self, choice: Choice) -> Callable[[Any], bool]:
        def guard(event: Any) -> bool:
            return event.kwargs.get("choice") is choice
        return guard

    @staticmethod
    def holds(target: Target) -> Callable[[Any], bool]:
        def holds(event: Any) -> bool:
            session: Session = event.model
            return target.condition.holds(session.flags, session.meters)
        return holds

    def apply(self, choice: Choice) -> Callable[[Any], None]:
        def apply(event: Any) -> None:
            session: Session = event.model
            thinking: float = event.kwargs.get("thinking", 0.0)
            self.advance(session, choice.state, choice.takes + thinking, choice.change)
            session.flags -= choice.clear
            session.flags |= choice.set
            session.turns.append(Turn(
                state=choice.state, choice=choice.id, takes=choice.takes, thinking=thinking,
                clock=session.clock, meters=dict(session.meters), actions=list(choice.actions),
                next=choice.next, number=len(session.turns) + 1,
                reply=choice.text.get(session.lang)))
        return apply

    def quiet(self, state: State) -> Callable[[Any], None]:
        silence = state.silence
        assert silence is not None

        def quiet(event: Any) -> None:
            session: Session = event.model
            self.advance(session, state.id, silence.after, silence.change)
            session.silences.append(Silenced(state=state.id, clock=session.clock,
                                             turn=len(session.turns),
                                             meters=dict(session.meters)))
        return quiet

    @staticmethod
    def crossed(meter: Meter, limit: Limit) -> Callable[[Any], bool]:
        def crossed(event: Any) -> bool:
            return limit.reached(event.model.meters[meter.id])
        return crossed

    @staticmethod
    def force(meter: Meter) -> Callable[[Any], None]:
        def force(event: Any) -> None:
            session: Session = event.model
            if session.turns and (not session.silences
                                  or session.silences[-1].turn < len(session.turns)):
                session.turns[-1].forced_by = meter.id
            elif session.silences:
                session.silences[-1].forced_by = meter.id
        return force


def _previous(session: Session) -> str | None:
    """The reply just given, for variants that depend on it."""
    return session.turns[-1].choice if session.turns else None
