"""%explain and %graph on training code: parameters are named as the learner reaches them, and a
gradient whose pass's values were since updated in place is explained in one sentence."""
import pytest

from tinytorch_repl.runner import Session

from conftest import run_cells as run

MODEL = ["nn = torch.nn", "torch.manual_seed(0);", "model = nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))",
         "lin = nn.Linear(1, 1)", "x = torch.ones(4, 3)", "loss = lin(model(x)).pow(2).mean()", "loss.backward()"]


def test_graph_names_parameters_as_python_code():
    out = run(Session(), *MODEL, "%graph loss")
    for name in ("lin.bias  AccumulateGrad", "lin.weight  AccumulateGrad", "model[0].weight  AccumulateGrad",
                 "model[0].bias  AccumulateGrad", "model[2].weight  AccumulateGrad", "model[2].bias  AccumulateGrad"):
        assert name in out


@pytest.mark.parametrize("update", ["opt = torch.optim.SGD(model.parameters(), lr=0.1)\nopt.step()",
                                    "with torch.no_grad():\n    model[0].weight -= 0.1 * model[0].weight.grad"])
def test_explain_after_the_weights_changed_says_so_once_and_shows_the_gradient(update):
    session = Session()
    run(session, *MODEL)
    grad = repr(session.evaluate("model[0].weight.grad"))
    run(session, update)
    out = run(session, "%explain model[0].weight.grad")
    assert "version" not in out and "RuntimeError" not in out
    assert out.count("Values the graph saved for backward have changed since") == 1
    assert ("  model[0].weight.grad = " + grad.replace("\n", "\n" + " " * 25)) in out


def test_explain_before_any_update_has_no_such_sentence():
    out = run(Session(), *MODEL, "%explain lin.weight.grad")
    assert "have changed since" not in out and out.startswith("lin.weight.grad = d loss/d lin.weight")
