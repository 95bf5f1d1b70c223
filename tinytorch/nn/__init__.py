"""``tinytorch.nn``: modules, parameters, losses, ``functional`` and ``init``, as in ``torch.nn``."""
from . import functional, init, utils  # noqa: F401
from .activation import (GELU, LeakyReLU, LogSigmoid, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Softplus,  # noqa: F401
                         Tanh)
from .container import ModuleDict, ModuleList, Sequential  # noqa: F401
from .conv import Conv2d  # noqa: F401
from .dropout import Dropout  # noqa: F401
from .linear import Flatten, Identity, Linear  # noqa: F401
from .sparse import Embedding  # noqa: F401
from .loss import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, NLLLoss  # noqa: F401
from .module import Module  # noqa: F401
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm  # noqa: F401
from .parameter import Parameter  # noqa: F401
from .pooling import AvgPool2d, MaxPool2d  # noqa: F401
from .activation import (CELU, ELU, GLU, Hardshrink, Hardsigmoid, Hardswish, Hardtanh, Mish, PReLU, ReLU6,  # noqa: F401
                         SELU, Softmin, Softshrink, Softsign, Tanhshrink, Threshold)
from .distance import CosineSimilarity, PairwiseDistance  # noqa: F401
from .loss import (BCELoss, CosineEmbeddingLoss, GaussianNLLLoss, HingeEmbeddingLoss, HuberLoss,  # noqa: F401
                   KLDivLoss, L1Loss, MarginRankingLoss, MultiLabelSoftMarginLoss, MultiMarginLoss, PoissonNLLLoss,
                   SmoothL1Loss, SoftMarginLoss, TripletMarginLoss)
from .conv import Conv1d, ConvTranspose1d, ConvTranspose2d  # noqa: F401
from .pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d,  # noqa: F401
                      AvgPool1d, MaxPool1d, MaxUnpool2d)
from .upsampling import (Fold, PixelShuffle, PixelUnshuffle, Unfold, Upsample, UpsamplingBilinear2d,  # noqa: F401
                         UpsamplingNearest2d)
from .padding import (ConstantPad1d, ConstantPad2d, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d,  # noqa: F401
                      ReplicationPad2d, ZeroPad1d, ZeroPad2d)
from .normalization import GroupNorm, LocalResponseNorm, RMSNorm  # noqa: F401
from .instancenorm import InstanceNorm1d, InstanceNorm2d  # noqa: F401
from .dropout import AlphaDropout, Dropout1d, Dropout2d, FeatureAlphaDropout  # noqa: F401
from .linear import Bilinear, Unflatten  # noqa: F401
from .container import ParameterDict, ParameterList  # noqa: F401
from .transformer import (MultiheadAttention, Transformer, TransformerDecoder, TransformerDecoderLayer,  # noqa: F401
                          TransformerEncoder, TransformerEncoderLayer)
from .rnn import GRU, GRUCell, LSTM, LSTMCell, RNN, RNNBase, RNNCell, RNNCellBase  # noqa: F401
