"""Play a scenario: one `transitions` state machine per scenario, sessions as its models.

This is the only module that imports `transitions`. Each reply is a transition of the
`choose` event, guarded by the reply's conditions; each meter limit is a transition of the
`reach_limit` event to its ending.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from transitions import Machine, MachineError

from simulator.errors import ChoiceError
from simulator.play._session import Session, Turn
from simulator.scenario import Choice, Limit, Meter, Scenario

_CHOOSE = "choose"
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
        self._machine = _Machine(
            model=None,
            states=[*scenario.states, *scenario.endings],
            initial=scenario.start,
            auto_transitions=False,
            send_event=True,
        )
        for state in scenario.states.values():
            for choice in state.choices:
                self._machine.add_transition(
                    _CHOOSE, source=state.id, dest=choice.next,
                    conditions=[self._guard(choice)], before=[self._apply(choice)])
        talking: list[Any] = list(scenario.states)
        self._has_limits = any(meter.ends for meter in scenario.meters.values())
        for meter in scenario.meters.values():
            for limit in meter.ends:
                self._machine.add_transition(
                    _REACH_LIMIT, source=talking, dest=limit.ending,
                    conditions=[self._crossed(meter, limit)], before=[self._force(meter)])

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

    def choose(self, session: Session, choice_id: str, thinking: float = 0.0) -> Turn:
        """Give the reply `choice_id` and return the turn it made; ChoiceError if not on offer."""
        if session.ending is not None:
            raise ChoiceError("the call has already ended")
        state = self.scenario.states[session.state]
        choice = state.choice(choice_id)
        if choice is None or not choice.allowed(session.flags, session.meters):
            raise ChoiceError(f"'{choice_id}' is not a reply on offer at '{state.id}'")
        events = self._machine.events
        try:
            events[_CHOOSE].trigger(session, choice=choice, thinking=max(0.0, thinking))
            if self._has_limits and not self.scenario.is_ending(session.state):
                events[_REACH_LIMIT].trigger(session)
        except MachineError as err:
            raise ChoiceError(f"cannot reply '{choice_id}' now: {err.value}") from None
        turn = session.turns[-1]
        turn.next = session.state
        if self.scenario.is_ending(session.state):
            session.ending = session.state
            session.status = "completed"
            self.release(session)
        return turn

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

    # -- transition callbacks ----------------------------------------------------------------

    def _guard(self, choice: Choice) -> Callable[[Any], bool]:
        def guard(event: Any) -> bool:
            return event.kwargs.get("choice") is choice
        return guard

    def _apply(self, choice: Choice) -> Callable[[Any], None]:
        meters = self.scenario.meters

        def apply(event: Any) -> None:
            session: Session = event.model
            thinking: float = event.kwargs.get("thinking", 0.0)
            elapsed = choice.takes + thinking
            session.clock += elapsed
            for meter in meters.values():
                value = session.meters[meter.id] + meter.per_minute * elapsed / 60.0
                value += choice.change.get(meter.id, 0.0)
                session.meters[meter.id] = round(meter.clamp(value), 6)
            session.flags -= choice.clear
            session.flags |= choice.set
            session.turns.append(Turn(
                state=choice.state, choice=choice.id, takes=choice.takes, thinking=thinking,
                clock=session.clock, meters=dict(session.meters), actions=list(choice.actions),
                next=choice.next, number=len(session.turns) + 1,
                reply=choice.text.get(session.lang)))
        return apply

    @staticmethod
    def _crossed(meter: Meter, limit: Limit) -> Callable[[Any], bool]:
        def crossed(event: Any) -> bool:
            return limit.reached(event.model.meters[meter.id])
        return crossed

    @staticmethod
    def _force(meter: Meter) -> Callable[[Any], None]:
        def force(event: Any) -> None:
            event.model.turns[-1].forced_by = meter.id
        return force
