/* containers.c - fuzz target: built-in containers (and the user's module, when given). */
#include "worker/engine.h"
#include "worker/targets.h"

int ftf_fuzz_containers(const uint8_t *data, size_t size)
{
    return ftf_engine_one_input(data, size);
}
