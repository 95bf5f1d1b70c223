"""Module-construction cases shared by ``tools/record_module_init.py`` (which runs them with
PyTorch and writes ``tests/data/module_init_pytorch.json``) and ``tests/test_module_init.py``
(which runs them with tinytorch and compares bit for bit).

Each case is (seed, expression): ``run(T, seed, expression)`` seeds ``T.manual_seed(seed)``,
evaluates the expression with ``T`` (``torch`` or ``tinytorch``) and ``nn`` (``T.nn``) in scope,
then draws ``T.rand(3)``, so the recorded result pins both every parameter and buffer the
constructor made (names, order, dtype, shape, bit patterns, requires_grad) and where it left the
random stream.  Every module class of ``tinytorch.nn`` must appear as the type of at least one
case's result (tests/test_module_init.py checks this), parameter-free ones included, so that
constructing them is checked to draw nothing.
"""
import numpy as np

SEEDS = (0, 42, 2 ** 40 + 7)

EXPRESSIONS = [
    # ---- linear ---------------------------------------------------------------------------------
    "nn.Linear(5, 3)",
    "nn.Linear(40, 24, bias=False)",
    "nn.Linear(7, 2, dtype=T.float64)",
    "nn.Linear(3, 4, device='cpu')",
    "nn.Linear(1, 1)",
    "nn.Linear(0, 3)",
    "nn.Linear(3, 0)",
    "nn.Linear(300, 17)",
    "nn.Bilinear(3, 4, 5)",
    "nn.Bilinear(2, 3, 4, bias=False)",
    "nn.Bilinear(4, 2, 3, dtype=T.float64, device='cpu')",
    "nn.Identity(3, unused=4)",
    "nn.Flatten()",
    "nn.Unflatten(1, (2, 3))",
    # ---- convolutions -----------------------------------------------------------------------
    "nn.Conv1d(3, 4, 3)",
    "nn.Conv1d(4, 6, (2,), groups=2, bias=False)",
    "nn.Conv1d(2, 5, 4, stride=2, padding=1, dilation=2, padding_mode='reflect')",
    "nn.Conv1d(3, 2, 5, dtype=T.float64, device='cpu')",
    "nn.Conv2d(3, 4, 3)",
    "nn.Conv2d(4, 8, (3, 2), groups=4)",
    "nn.Conv2d(3, 6, 3, bias=False)",
    "nn.Conv2d(1, 1, 1)",
    "nn.Conv2d(2, 3, 3, padding='same', padding_mode='circular')",
    "nn.Conv2d(2, 4, (2, 3), dtype=T.float64, device='cpu')",
    "nn.Conv2d(6, 5, 5, stride=2)",
    "nn.ConvTranspose1d(3, 4, 3)",
    "nn.ConvTranspose1d(4, 6, 2, groups=2, bias=False)",
    "nn.ConvTranspose1d(2, 3, 4, stride=2, output_padding=1, dtype=T.float64)",
    "nn.ConvTranspose2d(3, 4, 3)",
    "nn.ConvTranspose2d(4, 6, (2, 3), groups=2)",
    "nn.ConvTranspose2d(2, 5, 3, bias=False, device='cpu')",
    "nn.ConvTranspose2d(3, 2, (3, 1), stride=(2, 1), dtype=T.float64)",
    # ---- embedding --------------------------------------------------------------------------
    "nn.Embedding(10, 4)",
    "nn.Embedding(10, 4, padding_idx=2)",
    "nn.Embedding(10, 4, padding_idx=-1)",
    "nn.Embedding(7, 3, dtype=T.float64, device='cpu')",
    "nn.Embedding(6, 2, _freeze=True)",
    "nn.Embedding(25, 8)",
    "nn.Embedding(8, 3, max_norm=1.0)",
    "nn.Embedding(8, 5, padding_idx=0, max_norm=0.5, norm_type=1.0, scale_grad_by_freq=True)",
    "nn.Embedding.from_pretrained(T.rand(4, 3))",
    "nn.Embedding.from_pretrained(T.rand(4, 3, dtype=T.float64), freeze=False, padding_idx=1)",
    # ---- normalisation ----------------------------------------------------------------------
    "nn.LayerNorm(5)",
    "nn.LayerNorm((2, 3), eps=1e-3)",
    "nn.LayerNorm(4, elementwise_affine=False)",
    "nn.LayerNorm(4, bias=False)",
    "nn.LayerNorm([3], dtype=T.float64, device='cpu')",
    "nn.BatchNorm1d(3)",
    "nn.BatchNorm1d(3, affine=False)",
    "nn.BatchNorm1d(3, track_running_stats=False)",
    "nn.BatchNorm1d(4, dtype=T.float64, device='cpu')",
    "nn.BatchNorm1d(2, bias=False)",
    "nn.BatchNorm2d(3)",
    "nn.BatchNorm2d(3, momentum=None, affine=False, track_running_stats=False)",
    "nn.BatchNorm2d(5, eps=1e-3, dtype=T.float64)",
    "nn.InstanceNorm1d(3)",
    "nn.InstanceNorm1d(3, affine=True, track_running_stats=True)",
    "nn.InstanceNorm1d(3, affine=True, bias=False)",
    "nn.InstanceNorm2d(4)",
    "nn.InstanceNorm2d(4, affine=True, dtype=T.float64)",
    "nn.InstanceNorm2d(2, track_running_stats=True)",
    "nn.GroupNorm(2, 4)",
    "nn.GroupNorm(3, 6, affine=False)",
    "nn.GroupNorm(1, 3, bias=False)",
    "nn.GroupNorm(2, 2, dtype=T.float64, device='cpu')",
    "nn.RMSNorm(5)",
    "nn.RMSNorm((2, 3), eps=1e-3)",
    "nn.RMSNorm(4, elementwise_affine=False)",
    "nn.RMSNorm([3], dtype=T.float64, device='cpu')",
    "nn.LocalResponseNorm(2)",
    # ---- activations ------------------------------------------------------------------------
    "nn.PReLU()",
    "nn.PReLU(3)",
    "nn.PReLU(2, init=0.1)",
    "nn.PReLU(4, dtype=T.float64, device='cpu')",
    "nn.ReLU()", "nn.ReLU6()", "nn.GELU()", "nn.GELU('tanh')", "nn.SiLU()", "nn.Sigmoid()", "nn.Tanh()",
    "nn.LeakyReLU(0.2)", "nn.LogSigmoid()", "nn.LogSoftmax(1)", "nn.Softmax(-1)", "nn.Softmin(0)",
    "nn.Softplus()", "nn.CELU()", "nn.ELU()", "nn.GLU()", "nn.Hardshrink()", "nn.Hardsigmoid()",
    "nn.Hardswish()", "nn.Hardtanh()", "nn.Mish()", "nn.SELU()", "nn.Softshrink()", "nn.Softsign()",
    "nn.Tanhshrink()", "nn.Threshold(0.1, 20.0)",
    # ---- dropout, pooling, padding, shape ---------------------------------------------------
    "nn.Dropout()", "nn.Dropout1d(0.2)", "nn.Dropout2d(0.3)", "nn.AlphaDropout(0.1)", "nn.FeatureAlphaDropout(0.4)",
    "nn.AvgPool1d(2)", "nn.AvgPool2d(2)", "nn.MaxPool1d(3)", "nn.MaxPool2d(2)", "nn.MaxUnpool2d(2)",
    "nn.AdaptiveAvgPool1d(3)", "nn.AdaptiveAvgPool2d((2, 2))", "nn.AdaptiveMaxPool1d(2)", "nn.AdaptiveMaxPool2d(3)",
    "nn.ConstantPad1d(2, 1.0)", "nn.ConstantPad2d(1, 0.5)", "nn.ReflectionPad1d(1)", "nn.ReflectionPad2d(2)",
    "nn.ReplicationPad1d(1)", "nn.ReplicationPad2d(1)", "nn.ZeroPad1d(2)", "nn.ZeroPad2d(1)",
    "nn.Fold((4, 5), (2, 2))", "nn.Unfold(2)", "nn.PixelShuffle(2)", "nn.PixelUnshuffle(2)",
    "nn.Upsample(scale_factor=2)", "nn.UpsamplingBilinear2d(scale_factor=2)", "nn.UpsamplingNearest2d(size=4)",
    "nn.CosineSimilarity()", "nn.PairwiseDistance()",
    # ---- losses (the weighted ones hold their weights as buffers) ---------------------------
    "nn.MSELoss()", "nn.L1Loss()", "nn.NLLLoss()", "nn.NLLLoss(weight=T.rand(4))", "nn.CrossEntropyLoss()",
    "nn.CrossEntropyLoss(weight=T.rand(3), label_smoothing=0.1)", "nn.BCELoss()", "nn.BCELoss(weight=T.rand(2))",
    "nn.BCEWithLogitsLoss()", "nn.BCEWithLogitsLoss(weight=T.rand(3), pos_weight=T.rand(3))",
    "nn.BCEWithLogitsLoss(pos_weight=T.rand(2, dtype=T.float64))",
    "nn.CosineEmbeddingLoss()", "nn.GaussianNLLLoss()", "nn.HingeEmbeddingLoss()", "nn.HuberLoss()",
    "nn.KLDivLoss()", "nn.MarginRankingLoss()", "nn.MultiLabelSoftMarginLoss()",
    "nn.MultiLabelSoftMarginLoss(weight=T.rand(3))", "nn.MultiMarginLoss()", "nn.MultiMarginLoss(weight=T.rand(4))",
    "nn.PoissonNLLLoss()", "nn.SmoothL1Loss()", "nn.SoftMarginLoss()", "nn.TripletMarginLoss()",
    # ---- recurrent --------------------------------------------------------------------------
    "nn.RNN(3, 5)",
    "nn.RNN(3, 5, 2, nonlinearity='relu', bias=False)",
    "nn.RNN(4, 3, bidirectional=True, batch_first=True)",
    "nn.RNN(2, 3, num_layers=3, dropout=0.5, dtype=T.float64, device='cpu')",
    "nn.LSTM(3, 5)",
    "nn.LSTM(3, 5, proj_size=2)",
    "nn.LSTM(4, 6, num_layers=2, bidirectional=True, proj_size=3)",
    "nn.LSTM(2, 4, bias=False, batch_first=True, dtype=T.float64)",
    "nn.GRU(3, 5)",
    "nn.GRU(3, 4, num_layers=2, bidirectional=True, bias=False)",
    "nn.GRU(2, 3, dtype=T.float64, device='cpu')",
    "nn.RNNBase('LSTM', 3, 4)",
    "nn.RNNBase('GRU', 2, 3, num_layers=2)",
    "nn.RNNBase('RNN_RELU', 2, 2, bidirectional=True)",
    "nn.RNNCell(3, 5)",
    "nn.RNNCell(3, 4, bias=False, nonlinearity='relu')",
    "nn.RNNCell(2, 3, dtype=T.float64, device='cpu')",
    "nn.LSTMCell(3, 5)",
    "nn.LSTMCell(2, 4, bias=False, dtype=T.float64)",
    "nn.GRUCell(3, 5)",
    "nn.GRUCell(4, 2, bias=False, device='cpu')",
    "nn.RNNCellBase(3, 4, True, 2)",
    "nn.RNNCellBase(2, 3, False, 1)",
    # ---- attention and transformers ---------------------------------------------------------
    "nn.MultiheadAttention(8, 2)",
    "nn.MultiheadAttention(8, 2, bias=False)",
    "nn.MultiheadAttention(6, 3, add_bias_kv=True)",
    "nn.MultiheadAttention(8, 2, kdim=3, vdim=5)",
    "nn.MultiheadAttention(4, 1, kdim=4, vdim=6, add_bias_kv=True, bias=False)",
    "nn.MultiheadAttention(4, 2, dropout=0.1, add_zero_attn=True, batch_first=True, dtype=T.float64)",
    "nn.MultiheadAttention(6, 2, device='cpu')",
    "nn.TransformerEncoderLayer(8, 2, 16)",
    "nn.TransformerEncoderLayer(8, 2, 16, norm_first=True, batch_first=True, activation='gelu')",
    "nn.TransformerEncoderLayer(4, 2, 6, bias=False)",
    "nn.TransformerEncoderLayer(4, 1, 8, dropout=0.0, dtype=T.float64, device='cpu')",
    "nn.TransformerDecoderLayer(8, 2, 16)",
    "nn.TransformerDecoderLayer(4, 2, 6, bias=False, norm_first=True)",
    "nn.TransformerDecoderLayer(4, 1, 8, dtype=T.float64)",
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, enable_nested_tensor=False)",
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 3, norm=nn.LayerNorm(4), enable_nested_tensor=False)",
    "nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 2)",
    "nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 1, 8), 2, norm=nn.LayerNorm(4))",
    "nn.Transformer(8, 2, 2, 1, 16)",
    "nn.Transformer(d_model=4, nhead=2, num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=8, bias=False)",
    "nn.Transformer(4, 1, 1, 1, 6, batch_first=True, norm_first=True, dtype=T.float64, device='cpu')",
    # ---- containers -------------------------------------------------------------------------
    "nn.Module()",
    "nn.Sequential(nn.Linear(64, 20), nn.ReLU(), nn.Linear(20, 10))",
    "nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4, 2))",
    "nn.ModuleList([nn.Linear(3, 2), nn.Embedding(4, 2), nn.LayerNorm(2)])",
    "nn.ModuleDict({'conv': nn.Conv1d(2, 2, 2), 'gru': nn.GRU(2, 2), 'prelu': nn.PReLU()})",
    "nn.ParameterList([nn.Parameter(T.randn(3)), nn.Parameter(T.rand(2, 2), requires_grad=False)])",
    "nn.ParameterDict({'a': nn.Parameter(T.randn(20)), 'b': nn.Parameter(T.rand(3, dtype=T.float64))})",
]

CASES = [(SEEDS[i % len(SEEDS)], expr) for i, expr in enumerate(EXPRESSIONS)]


def build(T, seed, expression):
    """The module the expression makes after ``T.manual_seed(seed)``."""
    T.manual_seed(seed)
    return eval(expression, {"T": T, "nn": T.nn})   # noqa: S307 (our own literal case list)


def run(T, seed, expression):
    """JSON-able record: the module's type name, its parameters and buffers in order (name,
    requires_grad, tensor) and the ``T.rand(3)`` drawn right after construction."""
    module = build(T, seed, expression)
    after = T.rand(3)
    params = [[name, bool(p.requires_grad), encode(p)] for name, p in module.named_parameters()]
    buffers = [[name, encode(b)] for name, b in module.named_buffers()]
    return {"type": type(module).__name__, "parameters": params, "buffers": buffers, "after": encode(after)}


def encode(x):
    """A tensor as {dtype, shape, bits}: float bit patterns as integers, other dtypes as int64."""
    a = np.ascontiguousarray(x.detach().numpy())
    bits = {"float32": np.uint32, "float64": np.uint64}.get(a.dtype.name)
    values = a.view(bits) if bits is not None else a.astype(np.int64)
    return {"dtype": a.dtype.name, "shape": list(a.shape), "bits": [int(v) for v in values.reshape(-1)]}
