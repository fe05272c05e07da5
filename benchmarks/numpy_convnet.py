#!/usr/bin/env python3
"""The book's SimpleConvNet (Deep Learning from Scratch, ch. 7) on the course's bundled MNIST subset, timed.

The network lesson 11 trains: Convolution (30 filters 5×5, stride 1, pad 0) → ReLU → max pooling 2×2 stride 2 →
Affine 4320→100 → ReLU → Affine 100→10 → softmax with loss, weight_init_std 0.01, float64, with im2col/col2im as the
book does them (one strided copy per filter offset). Adam lr 0.001 (β₁ 0.9, β₂ 0.999, ε 1e-7), batch 100 drawn with
replacement (np.random.choice, as numpy_train.py and the C# Trainer draw), seed 42.

Throughput counts training iterations only (drawing the batch, backpropagation, the Adam step). Accuracy on the training
and test sets is measured once, after the last iteration, and timed apart (evaluation_seconds); --evaluate-every-epoch
also measures it once per epoch, as the C# Trainer does, still timed apart.

Refuses to run (exit code 2) on the reference BLAS (Debian's libblas3, /usr/lib/x86_64-linux-gnu/blas/libblas.so.3):
it is the unoptimised Netlib code, not the numpy people run, so a ratio against it would flatter the C# side.

Usage: /usr/bin/python3 benchmarks/numpy_convnet.py [--skip-input-gradient] [--evaluate-every-epoch] [iterations=1000] [data folder]
--skip-input-gradient: the convolution does not compute dx = col2im(dcol) (nothing uses the gradient of the data);
without it the loop is exactly the book's.
Prints one line per figure, "key value", for the C# benchmark to parse.
"""
import os
import sys
import time

import numpy as np

# The data reader and the layers the two-layer benchmark already has (the same book code).
from numpy_train import Relu, SoftmaxWithLoss, read_idx


def load(folder, images, labels):
    x = read_idx(os.path.join(folder, images), 0x803).reshape(-1, 1, 28, 28).astype(np.float64) / 255.0
    t = read_idx(os.path.join(folder, labels), 0x801).astype(np.int64)
    return x, t


def blas_libraries():
    """The BLAS/LAPACK shared objects mapped into this process after a matrix product has run."""
    a = np.ones((64, 64))
    _ = a @ a
    found = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split()
            path = parts[-1] if len(parts) >= 6 else ""
            name = os.path.basename(path)
            if any(k in name for k in ("blas", "lapack", "mkl", "blis", "atlas")) and path not in found:
                found.append(path)
    return found


def is_reference_blas(paths):
    # numpy links libblas.so.3. Debian's libblas3 installs the reference (Netlib) BLAS as /usr/lib/<arch>/blas/libblas.so.3
    # (mapped as .../blas/libblas.so.3.x.y); OpenBLAS's alternative is .../openblas-pthread/libblas.so.3. When the reference
    # one is mapped, numpy's products run on it, even if OpenBLAS is mapped too (e.g. through OpenBLAS's liblapack, as
    # LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas gives; 2 iterations took 1.35 s each there, at a load average of ~16).
    return any(os.path.basename(p).startswith("libblas.so") and os.path.basename(os.path.dirname(p)) == "blas" for p in paths)


# --- im2col / col2im, as the book does them -------------------------------------------------------------------------
# col has one row per (image n, output position oh, ow) and one column per (channel c, filter row i, filter column j).

def im2col(x, fh, fw, stride=1, pad=0):
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((n, c, fh, fw, oh, ow))
    for i in range(fh):
        i_end = i + stride * oh
        for j in range(fw):
            j_end = j + stride * ow
            col[:, :, i, j, :, :] = img[:, :, i:i_end:stride, j:j_end:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def col2im(col, input_shape, fh, fw, stride=1, pad=0):
    n, c, h, w = input_shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    col = col.reshape(n, oh, ow, c, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1))
    for i in range(fh):
        i_end = i + stride * oh
        for j in range(fw):
            j_end = j + stride * ow
            img[:, :, i:i_end:stride, j:j_end:stride] += col[:, :, i, j, :, :]
    return img[:, :, pad:h + pad, pad:w + pad]


# --- layers -----------------------------------------------------------------------------------------------------

class Convolution:
    def __init__(self, W, b, stride=1, pad=0, skip_input_gradient=False):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad
        self.skip_input_gradient = skip_input_gradient
        self.x_shape = self.col = self.col_W = self.dW = self.db = None

    def forward(self, x):
        fn, _, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh, ow = (h + 2 * self.pad - fh) // self.stride + 1, (w + 2 * self.pad - fw) // self.stride + 1
        self.x_shape = x.shape
        self.col = im2col(x, fh, fw, self.stride, self.pad)
        self.col_W = self.W.reshape(fn, -1).T
        out = np.dot(self.col, self.col_W) + self.b
        return out.reshape(n, oh, ow, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout).transpose(1, 0).reshape(fn, c, fh, fw)
        if self.skip_input_gradient:
            return None
        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x_shape, fh, fw, self.stride, self.pad)


class Pooling:
    def __init__(self, ph, pw, stride):
        self.ph, self.pw, self.stride = ph, pw, stride
        self.x_shape = self.arg_max = None

    def forward(self, x):
        n, c, h, w = x.shape
        oh, ow = (h - self.ph) // self.stride + 1, (w - self.pw) // self.stride + 1
        col = im2col(x, self.ph, self.pw, self.stride).reshape(-1, self.ph * self.pw)
        self.x_shape = x.shape
        self.arg_max = np.argmax(col, axis=1)
        out = np.max(col, axis=1)
        return out.reshape(n, oh, ow, c).transpose(0, 3, 1, 2)

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)
        size = self.ph * self.pw
        dmax = np.zeros((dout.size, size))
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dcol = dmax.reshape(dout.shape[0] * dout.shape[1] * dout.shape[2], -1)
        return col2im(dcol, self.x_shape, self.ph, self.pw, self.stride)


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x_shape = self.x = self.dW = self.db = None

    def forward(self, x):
        self.x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T).reshape(*self.x_shape)


class SimpleConvNet:
    def __init__(self, input_dim=(1, 28, 28), filter_num=30, filter_size=5, pad=0, stride=1, hidden_size=100,
                 output_size=10, weight_init_std=0.01, skip_input_gradient=False):
        c, h, _ = input_dim
        conv_out = (h - filter_size + 2 * pad) // stride + 1
        pool_out = filter_num * (conv_out // 2) * (conv_out // 2)
        self.params = {
            "W1": weight_init_std * np.random.randn(filter_num, c, filter_size, filter_size),
            "b1": np.zeros(filter_num),
            "W2": weight_init_std * np.random.randn(pool_out, hidden_size),
            "b2": np.zeros(hidden_size),
            "W3": weight_init_std * np.random.randn(hidden_size, output_size),
            "b3": np.zeros(output_size),
        }
        p = self.params
        self.conv1 = Convolution(p["W1"], p["b1"], stride, pad, skip_input_gradient)
        self.affine1 = Affine(p["W2"], p["b2"])
        self.affine2 = Affine(p["W3"], p["b3"])
        self.layers = [self.conv1, Relu(), Pooling(2, 2, 2), self.affine1, Relu(), self.affine2]
        self.last_layer = SoftmaxWithLoss()
        self.last_loss = float("nan")

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t, batch_size=100):
        correct = 0
        for i in range(0, x.shape[0], batch_size):
            y = self.predict(x[i:i + batch_size])
            correct += np.sum(np.argmax(y, axis=1) == t[i:i + batch_size])
        return correct / x.shape[0]

    def gradient(self, x, t):
        self.last_loss = self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return {"W1": self.conv1.dW, "b1": self.conv1.db, "W2": self.affine1.dW, "b2": self.affine1.db,
                "W3": self.affine2.dW, "b3": self.affine2.db}


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m = self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for key in params:
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)  # in place: the layers hold the arrays


def main():
    args = sys.argv[1:]
    skip_input_gradient = "--skip-input-gradient" in args
    every_epoch = "--evaluate-every-epoch" in args
    args = [a for a in args if a not in ("--skip-input-gradient", "--evaluate-every-epoch")]
    iterations = int(args[0]) if len(args) > 0 else 1000
    here = os.path.dirname(os.path.abspath(__file__))
    folder = args[1] if len(args) > 1 else os.path.join(here, "..", "data", "mnist-subset")

    blas = blas_libraries()
    print(f"numpy {np.__version__}")
    print(f"blas {' '.join(blas) if blas else 'none-mapped'}")
    if is_reference_blas(blas):
        print("error numpy runs on the reference BLAS (Debian's libblas3), the unoptimised Netlib code, so its timing would "
              "flatter the C# side; install OpenBLAS: sudo apt-get install libopenblas0-pthread", file=sys.stderr)
        sys.exit(2)

    x_train, t_train = load(folder, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    x_test, t_test = load(folder, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    np.random.seed(42)
    net = SimpleConvNet(skip_input_gradient=skip_input_gradient)
    optimizer = Adam(lr=0.001)
    batch_size = 100
    per_epoch = max(x_train.shape[0] // batch_size, 1)
    train_seconds = evaluation_seconds = 0.0
    train_acc = test_acc = float("nan")
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        batch_mask = np.random.choice(x_train.shape[0], batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grads = net.gradient(x_batch, t_batch)
        optimizer.update(net.params, grads)
        train_seconds += time.perf_counter() - start
        if (every_epoch and i % per_epoch == 0) or i == iterations:
            start = time.perf_counter()
            train_acc, test_acc = net.accuracy(x_train, t_train), net.accuracy(x_test, t_test)
            evaluation_seconds += time.perf_counter() - start
    samples = iterations * batch_size
    print(f"skip_input_gradient {skip_input_gradient}")
    print(f"iterations {iterations}")
    print(f"batch_size {batch_size}")
    print(f"ms_per_iteration {1000 * train_seconds / iterations:.4f}")
    print(f"samples_per_second {samples / train_seconds:.0f}")
    print(f"training_seconds {train_seconds:.3f}")
    print(f"evaluation_seconds {evaluation_seconds:.3f}")
    print(f"last_batch_loss {net.last_loss:.4f}")
    print(f"train_accuracy {train_acc:.4f}")
    print(f"test_accuracy {test_acc:.4f}")


if __name__ == "__main__":
    main()
