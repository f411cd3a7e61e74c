# Makes the .npy/.npz fixtures for src/support/npy_test.c.
import io, zipfile
import numpy as np
from numpy.lib import format as fmt

def arrays():
    return dict(
        a=np.arange(6, dtype='<f4').reshape(2, 3),
        b_be=np.array([1, -2, 3, 0x01020304], dtype='>i4'),
        f=np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3)),
        m=np.array([True, False, True]),
        c=np.array([1 + 2j, -3.5 + 0.25j], dtype='>c8'),
        s=np.array(42, dtype='<i8'),
        e=np.zeros((0, 3), dtype='<f4'),
    )

np.savez('stored.npz', **arrays())
np.savez_compressed('deflated.npz', **arrays())

# Written to a stream that cannot seek: zipfile then uses data descriptors.
class Stream(io.RawIOBase):
    def __init__(self): self.buf = bytearray()
    def writable(self): return True
    def write(self, b): self.buf += b; return len(b)
s = Stream()
with zipfile.ZipFile(s, 'w', compression=zipfile.ZIP_DEFLATED) as z:
    for k, v in arrays().items():
        with z.open(k + '.npy', 'w', force_zip64=True) as f:
            fmt.write_array(f, v)
open('stream.npz', 'wb').write(bytes(s.buf))

with open('v2_f2.npy', 'wb') as f:
    fmt.write_array(f, np.arange(5, dtype='<f2'), version=(2, 0))
with open('v3_u2.npy', 'wb') as f:
    fmt.write_array(f, np.arange(5, dtype='<u2'), version=(3, 0))
np.save('fortran3d_f4.npy', np.asfortranarray(np.arange(24, dtype='<f4').reshape(2, 3, 4)))
np.save('be_f8.npy', np.array([1.5, -2.25, 1e300], dtype='>f8'))
