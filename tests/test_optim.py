"""tinytorch.optim: a few steps of every optimiser against updates computed by hand (NumPy,
following the published rules), options, state dicts, reprs and StepLR."""
import math

import numpy as np
import pytest

import tinytorch as torch
from tinytorch import nn

P0 = np.array([1.0, -2.0, 0.5])


def grad_of(p):
    """The gradient of the test objective sum(p^2 * c): 2 c p."""
    return 2 * np.array([1.0, 0.5, 3.0]) * p


def run(make_opt, steps=3):
    p = torch.tensor(P0.copy(), dtype=torch.float64, requires_grad=True)
    opt = make_opt([p])
    c = torch.tensor([1.0, 0.5, 3.0], dtype=torch.float64)
    for _ in range(steps):
        opt.zero_grad()
        (p * p * c).sum().backward()
        opt.step()
    return p.detach().numpy(), opt


def sgd_by_hand(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False, steps=3):
    p, buf = P0.copy(), None
    for _ in range(steps):
        d = grad_of(p) * (-1 if maximize else 1) + weight_decay * p
        if momentum:
            buf = d.copy() if buf is None else momentum * buf + (1 - dampening) * d
            d = d + momentum * buf if nesterov else buf
        p = p - lr * d
    return p


@pytest.mark.parametrize("kw", [dict(lr=0.1), dict(lr=0.1, momentum=0.9), dict(lr=0.05, momentum=0.8, dampening=0.3),
                                dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
                                dict(lr=0.1, weight_decay=0.5, maximize=True)])
def test_sgd_matches_hand_computed_steps(kw):
    got, _ = run(lambda ps: torch.optim.SGD(ps, **kw))
    np.testing.assert_allclose(got, sgd_by_hand(**kw), rtol=1e-13)


def adam_by_hand(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, decoupled=False, steps=3,
                 maximize=False):
    p = P0.copy()
    m, v, vmax = np.zeros(3), np.zeros(3), np.zeros(3)
    b1, b2 = betas
    for t in range(1, steps + 1):
        g = grad_of(p) * (-1 if maximize else 1)
        if decoupled:
            p = p * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        vmax = np.maximum(vmax, v)
        vhat = (vmax if amsgrad else v) / (1 - b2 ** t)
        p = p - lr * (m / (1 - b1 ** t)) / (np.sqrt(vhat) + eps)
    return p


@pytest.mark.parametrize("kw", [dict(lr=0.1), dict(lr=0.05, betas=(0.8, 0.9), eps=1e-6),
                                dict(lr=0.1, weight_decay=0.1, amsgrad=True), dict(lr=0.1, maximize=True)])
def test_adam_matches_hand_computed_steps(kw):
    got, opt = run(lambda ps: torch.optim.Adam(ps, **kw))
    np.testing.assert_allclose(got, adam_by_hand(**kw), rtol=1e-12)
    state = next(iter(opt.state.values()))
    assert state["step"].item() == 3 and ("max_exp_avg_sq" in state) == kw.get("amsgrad", False)


@pytest.mark.parametrize("kw", [dict(lr=0.1), dict(lr=0.1, weight_decay=0.3, amsgrad=True)])
def test_adamw_decouples_weight_decay(kw):
    got, _ = run(lambda ps: torch.optim.AdamW(ps, **kw))
    expected = adam_by_hand(decoupled=True, **{"weight_decay": 0.01, **kw})
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_defaults_validation_and_repr():
    p = nn.Parameter(torch.zeros(2))
    assert torch.optim.SGD([p]).defaults["lr"] == 1e-3
    assert torch.optim.AdamW([p]).defaults["weight_decay"] == 1e-2
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        torch.optim.SGD([p], lr=-1)
    with pytest.raises(ValueError, match="Nesterov momentum requires a momentum and zero dampening"):
        torch.optim.SGD([p], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="Invalid beta parameter at index 1: 1.0"):
        torch.optim.Adam([p], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="empty parameter list"):
        torch.optim.SGD([], lr=0.1)
    assert repr(torch.optim.SGD([p], lr=0.1)) == (
        "SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n    foreach: None\n    fused: None\n"
        "    lr: 0.1\n    maximize: False\n    momentum: 0\n    nesterov: False\n    weight_decay: 0\n)")


def test_param_groups_skip_params_without_grad_and_zero_grad():
    a, b = nn.Parameter(torch.ones(2)), nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 1.0}], lr=0.5)
    (a.sum() + 2 * b.sum()).backward()
    opt.step()
    assert a.tolist() == [0.5, 0.5] and b.tolist() == [-1.0, -1.0]
    b.grad = None
    opt.step()
    assert b.tolist() == [-1.0, -1.0]
    opt.zero_grad()
    assert a.grad is None
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})


def test_state_dict_round_trip_continues_identically():
    _, opt = run(lambda ps: torch.optim.Adam(ps, lr=0.1), steps=2)
    sd = opt.state_dict()
    assert sd["param_groups"][0]["params"] == [0] and set(sd["state"][0]) == {"step", "exp_avg", "exp_avg_sq"}
    p = torch.tensor(adam_by_hand(lr=0.1, steps=2), dtype=torch.float64, requires_grad=True)
    fresh = torch.optim.Adam([p], lr=0.5)
    fresh.load_state_dict(sd)
    assert fresh.param_groups[0]["lr"] == 0.1
    (p * p * torch.tensor([1.0, 0.5, 3.0], dtype=torch.float64)).sum().backward()
    fresh.step()
    np.testing.assert_allclose(p.detach().numpy(), adam_by_hand(lr=0.1, steps=3), rtol=1e-12)
    with pytest.raises(ValueError, match="doesn't match the size"):
        torch.optim.Adam([p, nn.Parameter(torch.ones(1))]).load_state_dict(sd)


def test_step_lr_schedule_and_state():
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    lrs = []
    for _ in range(6):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    assert lrs == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    assert sched.get_last_lr() == [0.125] and sched.state_dict()["last_epoch"] == 6
    assert math.isclose(opt.param_groups[0]["initial_lr"], 1.0)
