/*
 * declare.h - what the files of the declare program share: declare.c
 * (the routes, the citizen's form, find, households) and
 * declare-vehicle.c (a green-lane vehicle pass).
 */
#ifndef KD_DECLARE_H
#define KD_DECLARE_H

#include "req.h"

/* GET/POST /declare/vehicle (declare-vehicle.c). */
void vehicle_get(struct kd_req *r);
void vehicle_post(struct kd_req *r);
void vehicle_invalid(struct kd_req *r);

#endif
