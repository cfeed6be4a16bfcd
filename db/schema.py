"""Every area's tables in one metadata: what migrations compare against and create."""

from __future__ import annotations

from db.core.models import Base
from db.micro import models as micro_models
from db.oversight import models as oversight_models
from db.projects import models as projects_models
from db.survey import models as survey_models
from db.system import models as system_models
from db.vote import models as vote_models

AREAS = (system_models, projects_models, vote_models, survey_models, oversight_models, micro_models)
metadata = Base.metadata
