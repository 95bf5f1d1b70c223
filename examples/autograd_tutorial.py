"""The seed notebook (a learner's notes on PyTorch's autograd tutorial), cell by cell.

Run it with ``python examples/autograd_tutorial.py``: it prints what the notebook printed
under PyTorch (values drawn from the random generator aside).  The only change from the
notebook is the import line, and cell 9, whose error the notebook displayed: here it is
caught and printed the same way so the script goes on.
"""
import tinytorch as torch

# In [2]: create a tensor and record its operations with requires_grad=True
x = torch.ones(2, 2, requires_grad=True)
print(x)

# In [3]: y comes from an operation, so it has a grad_fn
y = x + 2
print(y)

# In [4]: z = 3 y^2, out = mean(z): backward starts from a scalar such as a loss
z = y * y * 3
out = z.mean()
print(z, out)

# In [7]: a tensor the user made has no grad_fn; requires_grad_(True) starts recording
a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)
print(a.grad_fn)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)

# In [8]: out = mean(3 (x + 2)^2); backpropagate
print(out)
out.backward()

# In [9]: a second backward through the same graph fails: its buffers were freed
try:
    print(out.backward())
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# In [10]: d(out)/dx = (1/4) * 6 (x + 2) = 4.5 at x = 1
print(x)
print(x.grad)

# In [11]: keep doubling until the Euclidean norm reaches 1000
x = torch.randn(3, requires_grad=True)

y = x * 2

while y.data.norm() < 1000:
    # data.norm() is torch.sqrt(torch.sum(torch.pow(y, 2)))
    y = y * 2

    print(y, y.data.norm())

# In [17]: y is not a scalar, so backward needs the vector v of the product v^T J
gradients = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
print(y)
y.backward(gradients)
print(x.grad)

# In [18]: no_grad stops the recording
print(x.requires_grad)
print((x ** 2).requires_grad)

with torch.no_grad():
    print((x ** 2).requires_grad)

print((x ** 2).requires_grad)
