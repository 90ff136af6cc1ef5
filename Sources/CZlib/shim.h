// zlib as the FacturX reader uses it: inflate for FlateDecode streams.
#include <zlib.h>
