import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  type Type,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { strictValidationPipe, uuidOr404 } from '../common/validation.js';
import { setOperationHeaders } from '../operations/operation-headers.js';
import { ResourceService, type Versioned } from './resource.service.js';

export interface CrudRoute {
  kind: string;
  /** Collection path under /api/v1, e.g. `vpcs`. */
  path: string;
  tag: string;
  label: string;
  create: Type<unknown>;
  update: Type<unknown>;
  query: Type<unknown>;
}


/**
 * The five REST verbs of one intent kind, as thin as a controller can be: parse, call the generic
 * resource service, set ETag / Location / X-Spinel-Revision.
 */
export function CrudController(r: CrudRoute): Type<unknown> {
  @ApiTags(r.tag)
  @ApiBearerAuth()
  @Controller(r.path)
  class Crud {
    constructor(readonly resources: ResourceService) {}

    @Get()
    @ApiOperation({ summary: `List ${r.label}s (paginated, filterable)` })
    list(@Query(strictValidationPipe(r.query)) query: object, @CurrentPrincipal() p: Principal) {
      return this.resources.list(r.kind, p, query);
    }

    @Get(':id')
    @ApiOperation({ summary: `Read one ${r.label}; the ETag header carries its version` })
    async get(@Param('id', uuidOr404(r.label)) id: string, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) res: Response) {
      return send(res, await this.resources.get(r.kind, p, id));
    }

    @Post()
    @HttpCode(201)
    @ApiOperation({ summary: `Create a ${r.label}; omitted identifiers are allocated` })
    @ApiBody({ type: r.create })
    async create(@Body(strictValidationPipe(r.create)) dto: object, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) res: Response) {
      const created = await this.resources.create(r.kind, p, dto);
      res.location(`/api/v1/${r.path}/${(created.view as { id: string }).id}`);
      return send(res, created);
    }

    @Patch(':id')
    @ApiOperation({ summary: `Change a ${r.label}; send If-Match with its ETag to avoid lost updates` })
    @ApiBody({ type: r.update })
    @ApiHeader({ name: 'If-Match', required: false })
    async update(
      @Param('id', uuidOr404(r.label)) id: string,
      @Body(strictValidationPipe(r.update)) dto: object,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentPrincipal() p: Principal,
      @Res({ passthrough: true }) res: Response,
    ) {
      return send(res, await this.resources.update(r.kind, p, id, dto, ifMatch));
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiOperation({ summary: `Delete a ${r.label}; refused while dependents exist unless ?cascade=true` })
    @ApiQuery({ name: 'cascade', required: false, type: Boolean })
    @ApiHeader({ name: 'If-Match', required: false })
    async remove(
      @Param('id', uuidOr404(r.label)) id: string,
      @Query('cascade') cascade: string | undefined,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentPrincipal() p: Principal,
      @Res({ passthrough: true }) res: Response,
    ) {
      const { revision, operationId } = await this.resources.remove(r.kind, p, id, { cascade: cascade === 'true' || cascade === '', ifMatch });
      res.setHeader('X-Spinel-Revision', String(revision));
      setOperationHeaders(res, operationId);
    }
  }
  // The factory's parameters are typed `object`; tell Nest and Swagger the real DTO classes.
  Reflect.defineMetadata('design:paramtypes', [r.query, Object], Crud.prototype, 'list');
  Reflect.defineMetadata('design:paramtypes', [r.create, Object, Object], Crud.prototype, 'create');
  Reflect.defineMetadata('design:paramtypes', [String, r.update, String, Object, Object], Crud.prototype, 'update');
  Object.defineProperty(Crud, 'name', { value: `${r.tag.replaceAll(/\W/g, '')}Controller` });
  return Crud;
}

function send(res: Response, v: Versioned): object {
  res.setHeader('ETag', v.etag);
  if (v.revision !== undefined) res.setHeader('X-Spinel-Revision', String(v.revision));
  setOperationHeaders(res, v.operationId);
  return v.view;
}

