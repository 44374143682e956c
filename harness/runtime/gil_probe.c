/* gil_probe.c - an extension module that does NOT declare Py_mod_gil, for `ftfuzz doctor`:
 * importing it must leave the GIL off in ftfuzz's interpreter. */
#include <Python.h>

static struct PyModuleDef probe = {PyModuleDef_HEAD_INIT, "_ftfuzz_gil_probe",
                                   "declares no Py_mod_gil slot", -1, NULL};

PyMODINIT_FUNC PyInit__ftfuzz_gil_probe(void);

PyMODINIT_FUNC PyInit__ftfuzz_gil_probe(void)
{
    return PyModule_Create(&probe);
}
