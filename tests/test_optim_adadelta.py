"""tinytorch.optim.Adadelta: a few steps against updates computed by hand (Zeiler's rule as
PyTorch implements it) and against values PyTorch 2.13 printed; options, state, state dict,
repr and errors."""
import math

import numpy as np
import pytest

import tinytorch as torch
from tinytorch import nn

P0 = [1.0, -2.0, 0.5]
C = [1.0, 0.5, 3.0]


def run(steps=3, dtype=torch.float64, **kw):
    """``steps`` Adadelta steps on sum(c * p^2) from P0; returns (p as a list, optimizer)."""
    p = torch.tensor(P0, dtype=dtype, requires_grad=True)
    c = torch.tensor(C, dtype=dtype)
    opt = torch.optim.Adadelta([p], **kw)
    for _ in range(steps):
        opt.zero_grad()
        (p * p * c).sum().backward()
        opt.step()
    return p.detach().tolist(), opt


def by_hand(steps=3, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False):
    """The same run element by element in Python floats."""
    out = []
    for p, c in zip(P0, C):
        square_avg = acc_delta = 0.0
        for _ in range(steps):
            g = 2 * c * p
            d = (-g if maximize else g) + weight_decay * p
            square_avg = rho * square_avg + (1 - rho) * d * d
            delta = math.sqrt(acc_delta + eps) / math.sqrt(square_avg + eps) * d
            acc_delta = rho * acc_delta + (1 - rho) * delta * delta
            p = p - lr * delta
        out.append(p)
    return out


@pytest.mark.parametrize("kw", [{}, dict(lr=0.5), dict(rho=0.5, eps=1e-3), dict(weight_decay=0.1),
                                dict(lr=2.0, maximize=True), dict(rho=0.0), dict(lr=0.1, rho=0.95, eps=1e-8)])
def test_matches_hand_computed_steps(kw):
    got, _ = run(steps=4, **kw)
    np.testing.assert_allclose(got, by_hand(steps=4, **kw), rtol=1e-13)


def test_first_step_by_formula():
    # square_avg = 0.1 g^2; delta = sqrt(eps) / sqrt(0.1 g^2 + eps) * g; for g = 2 (p = 1, c = 1):
    got, _ = run(steps=1)
    assert got[0] == pytest.approx(1 - math.sqrt(1e-6) / math.sqrt(0.4 + 1e-6) * 2, rel=1e-14)


def test_values_pytorch_printed():
    got, opt = run(steps=3)
    np.testing.assert_allclose(got, [0.9903090457, -1.9903007617, 0.4903256749], atol=1e-10)
    state = opt.state_dict()["state"][0]
    np.testing.assert_allclose(state["square_avg"].tolist(), [1.0766216955, 1.0803048769, 2.4059049784],
                               rtol=1e-9)
    np.testing.assert_allclose(state["acc_delta"].tolist(), [2.8363574210e-06, 2.8416285501e-06, 2.8257995432e-06],
                               rtol=1e-9)
    got32, _ = run(steps=3, dtype=torch.float32, lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1)
    np.testing.assert_allclose(got32, [0.9650292397, -1.9649260044, 0.4652372003], rtol=1e-6)


def test_float32_parameters_stay_float32():
    got, opt = run(steps=3, dtype=torch.float32)
    np.testing.assert_allclose(got, by_hand(steps=3), rtol=1e-6)
    state = opt.state[opt.param_groups[0]["params"][0]]
    assert state["square_avg"].dtype == torch.float32 and state["acc_delta"].dtype == torch.float32


def test_defaults_state_and_state_dict():
    _, opt = run(steps=2)
    assert torch.optim.Adadelta is type(opt)
    sd = opt.state_dict()
    assert sd["param_groups"] == [{"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0, "maximize": False,
                                   "capturable": False, "foreach": None, "differentiable": False, "params": [0]}]
    assert list(sd["state"][0]) == ["step", "square_avg", "acc_delta"]
    assert sd["state"][0]["step"].item() == 2.0


def test_load_state_dict_continues_the_same_run():
    straight, _ = run(steps=4)
    p = torch.tensor(P0, dtype=torch.float64, requires_grad=True)
    c = torch.tensor(C, dtype=torch.float64)
    opt = torch.optim.Adadelta([p], lr=1.0)
    for step in range(4):
        if step == 2:  # a fresh optimiser resumes from the saved state
            saved = opt.state_dict()
            opt = torch.optim.Adadelta([p], lr=123.0)
            opt.load_state_dict(saved)
        opt.zero_grad()
        (p * p * c).sum().backward()
        opt.step()
    np.testing.assert_allclose(p.detach().tolist(), straight, rtol=1e-15)


def test_skips_parameters_without_grad_and_trains_a_module():
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    frozen = torch.zeros(2, requires_grad=True)
    opt = torch.optim.Adadelta([{"params": model.parameters()}, {"params": [frozen], "lr": 0.5}])
    x, y = torch.randn(16, 3), torch.randn(16, 1)
    losses = []
    for _ in range(30):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
    assert frozen.tolist() == [0.0, 0.0] and frozen not in opt.state
    assert opt.param_groups[1]["lr"] == 0.5 and opt.param_groups[1]["rho"] == 0.9


def test_step_lr_schedules_adadelta():
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adadelta([p], lr=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.7)
    lrs = []
    for _ in range(3):
        lrs.append(opt.param_groups[0]["lr"])
        p.grad = torch.ones(1)
        opt.step()
        sched.step()
    assert lrs == [1.0, 0.7, 0.7 * 0.7]


def test_repr_and_errors():
    p = torch.zeros(2, requires_grad=True)
    assert repr(torch.optim.Adadelta([p])) == (
        "Adadelta (\nParameter Group 0\n    capturable: False\n    differentiable: False\n    eps: 1e-06\n"
        "    foreach: None\n    lr: 1.0\n    maximize: False\n    rho: 0.9\n    weight_decay: 0\n)")
    for kw, message in [(dict(lr=-1), "Invalid learning rate: -1"), (dict(rho=1.5), "Invalid rho value: 1.5"),
                        (dict(eps=-1), "Invalid epsilon value: -1"),
                        (dict(weight_decay=-1), "Invalid weight_decay value: -1")]:
        with pytest.raises(ValueError, match=message):
            torch.optim.Adadelta([p], **kw)
    with pytest.raises(NotImplementedError, match="foreach"):
        torch.optim.Adadelta([p], foreach=True)
