#!/usr/bin/env python3
"""train_neuralnet.py (Deep Learning from Scratch, ch. 5) on the course's bundled MNIST subset, timed.

The same loop the C# benchmark runs: 784-50-10 TwoLayerNet (Affine, ReLU, Affine, SoftmaxWithLoss), weight_init_std
0.01, batch 100 drawn with replacement, plain SGD lr 0.1, float64. Accuracy on both sets is measured once per epoch,
as the book does, but that time is kept apart: the throughput printed is training iterations only.

Usage: /usr/bin/python3 benchmarks/numpy_train.py [--skip-input-gradient] [iterations] [data folder]
--skip-input-gradient: the first Affine layer computes only dW1 and db1, not dx = dout·W1ᵀ (which nothing uses), as the
C# library's TwoLayerNet does; without it the loop is exactly the book's.
Prints one line per figure, "key value", for benchmarks/run to parse.
"""
import gzip
import os
import sys
import time

import numpy as np


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        content = f.read()
    found = int.from_bytes(content[0:4], "big")
    if found != magic:
        raise ValueError(f"{path}: magic number {found:#010x}, expected {magic:#010x}")
    dims = content[3]
    shape = [int.from_bytes(content[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    offset = 4 + 4 * dims
    data = np.frombuffer(content, dtype=np.uint8, offset=offset)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {data.size} bytes after the header at offset {offset}, expected {int(np.prod(shape))}")
    return data.reshape(shape)


def load(folder, images, labels):
    x = read_idx(os.path.join(folder, images), 0x803).reshape(-1, 784).astype(np.float64) / 255.0
    t = read_idx(os.path.join(folder, labels), 0x801).astype(np.int64)
    return x, t


def softmax(x):
    x = x - np.max(x, axis=1, keepdims=True)
    y = np.exp(x)
    return y / np.sum(y, axis=1, keepdims=True)


def cross_entropy_error(y, t):
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.backward_to_parameters(dout)
        return dx

    def backward_to_parameters(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class SoftmaxWithLoss:
    def __init__(self):
        self.y = self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        return cross_entropy_error(self.y, t)

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        return dx / batch_size


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, skip_input_gradient=False):
        self.skip_input_gradient = skip_input_gradient
        self.params = {
            "W1": weight_init_std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }
        self.affine1 = Affine(self.params["W1"], self.params["b1"])
        self.relu1 = Relu()
        self.affine2 = Affine(self.params["W2"], self.params["b2"])
        self.layers = [self.affine1, self.relu1, self.affine2]
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        return np.sum(np.argmax(self.predict(x), axis=1) == t) / float(x.shape[0])

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        if self.skip_input_gradient:
            for layer in reversed(self.layers[1:]):
                dout = layer.backward(dout)
            self.affine1.backward_to_parameters(dout)
        else:
            for layer in reversed(self.layers):
                dout = layer.backward(dout)
        return {"W1": self.affine1.dW, "b1": self.affine1.db, "W2": self.affine2.dW, "b2": self.affine2.db}


def main():
    args = sys.argv[1:]
    skip_input_gradient = "--skip-input-gradient" in args
    args = [a for a in args if a != "--skip-input-gradient"]
    iterations = int(args[0]) if len(args) > 0 else 2000
    here = os.path.dirname(os.path.abspath(__file__))
    folder = args[1] if len(args) > 1 else os.path.join(here, "..", "data", "mnist-subset")
    x_train, t_train = load(folder, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    x_test, t_test = load(folder, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    np.random.seed(42)
    net = TwoLayerNet(784, 50, 10, skip_input_gradient=skip_input_gradient)
    batch_size, learning_rate = 100, 0.1
    per_epoch = max(x_train.shape[0] // batch_size, 1)
    train_seconds = evaluation_seconds = 0.0
    train_acc = test_acc = float("nan")
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        batch_mask = np.random.choice(x_train.shape[0], batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = net.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            net.params[key] -= learning_rate * grad[key]  # in place: the layers hold the same arrays
        train_seconds += time.perf_counter() - start
        if i % per_epoch == 0 or i == iterations:
            start = time.perf_counter()
            train_acc, test_acc = net.accuracy(x_train, t_train), net.accuracy(x_test, t_test)
            evaluation_seconds += time.perf_counter() - start
    samples = iterations * batch_size
    print(f"numpy {np.__version__}")
    print(f"skip_input_gradient {skip_input_gradient}")
    print(f"iterations {iterations}")
    print(f"ms_per_iteration {1000 * train_seconds / iterations:.4f}")
    print(f"samples_per_second {samples / train_seconds:.0f}")
    print(f"evaluation_seconds {evaluation_seconds:.3f}")
    print(f"train_accuracy {train_acc:.4f}")
    print(f"test_accuracy {test_acc:.4f}")


if __name__ == "__main__":
    main()
