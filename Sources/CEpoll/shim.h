// epoll and eventfd, which the Glibc module map does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
